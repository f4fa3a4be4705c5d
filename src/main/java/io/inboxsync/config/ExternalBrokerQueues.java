package io.inboxsync.config;

import java.time.Duration;
import java.util.Map;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the pipeline's queues on an external Artemis the settings the embedded broker has
 * ({@link PipelineQueueSettings}), through the broker's management address at startup, so
 * a broker made with {@code artemis create} never moves an event to its own dead-letter
 * address. The user inbox-sync signs in with needs the {@code manage} permission; without
 * it, startup fails and says which {@code broker.xml} block to add instead.
 */
class ExternalBrokerQueues {

	/** Artemis' default management address. */
	static final String MANAGEMENT_ADDRESS = "activemq.management";

	private static final Logger log = LoggerFactory.getLogger(ExternalBrokerQueues.class);

	private final ConnectionFactory connectionFactory;

	private final Map<String, AddressSettings> settings;

	private final Duration answerTimeout;

	ExternalBrokerQueues(ConnectionFactory connectionFactory, Map<String, AddressSettings> settings,
			Duration answerTimeout) {
		this.connectionFactory = connectionFactory;
		this.settings = settings;
		this.answerTimeout = answerTimeout;
	}

	void apply() {
		try (Connection connection = this.connectionFactory.createConnection();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
			TemporaryQueue replies = session.createTemporaryQueue();
			MessageProducer management = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
			MessageConsumer answers = session.createConsumer(replies);
			connection.start();
			for (Map.Entry<String, AddressSettings> queue : this.settings.entrySet()) {
				Message request = session.createMessage();
				JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "addAddressSettings",
						queue.getKey(), queue.getValue().toJSON());
				request.setJMSReplyTo(replies);
				management.send(request);
				Message reply = answers.receive(this.answerTimeout.toMillis());
				if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
					throw refused(resultOf(reply));
				}
				log.info("External broker: queue {} set up (unlimited delivery attempts, redelivered at once)",
						queue.getKey());
			}
		}
		catch (JMSException ex) {
			throw refused(ex.getMessage());
		}
	}

	private static String resultOf(Message reply) {
		if (reply == null) {
			return "no answer";
		}
		try {
			return String.valueOf(JMSManagementHelper.getResult(reply));
		}
		catch (Exception ex) {
			return "an answer that says nothing more";
		}
	}

	private IllegalStateException refused(String reason) {
		return new IllegalStateException("The external broker did not take the settings of inbox-sync's queues ("
				+ reason + "). Give inbox-sync's broker user the manage permission, or add this to the broker's "
				+ "broker.xml and set inbox-sync.broker.configure-external-queues=false:\n" + brokerXml());
	}

	/** The same settings as the {@code broker.xml} block an administrator would add. */
	String brokerXml() {
		StringBuilder xml = new StringBuilder("<address-settings>\n");
		this.settings.forEach((queue, setting) -> xml.append("  <address-setting match=\"")
			.append(queue)
			.append("\">\n    <max-delivery-attempts>")
			.append(setting.getMaxDeliveryAttempts())
			.append("</max-delivery-attempts>\n    <redelivery-delay>")
			.append(setting.getRedeliveryDelay())
			.append("</redelivery-delay>\n    <max-size-bytes>")
			.append(setting.getMaxSizeBytes())
			.append("</max-size-bytes>\n    <page-size-bytes>")
			.append(setting.getPageSizeBytes())
			.append("</page-size-bytes>\n    <address-full-policy>")
			.append(setting.getAddressFullMessagePolicy())
			.append("</address-full-policy>\n  </address-setting>\n"));
		return xml.append("</address-settings>").toString();
	}

}

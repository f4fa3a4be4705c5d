package io.inboxsync;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

import static io.inboxsync.OutsideProducersContext.PRODUCER_PASSWORD;
import static io.inboxsync.OutsideProducersContext.PRODUCER_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A producer in another process puts a message on a queue source's queue (the CRM
 * activities example's crm.activities) through the broker's acceptor, over Core
 * (Artemis's JMS client) or AMQP 1.0 (Qpid JMS), signed in with the acceptor's user and
 * password; the activity reaches the customer's conversation. Without the password, or to
 * any queue but a source's, it gets nowhere.
 */
@WithOutsideProducers
class OutsideQueueProducerTest extends InboxSyncTestSupport {

	private static final String SOURCE_QUEUE = "crm.activities";

	@Test
	void aCoreProducerOutsidePutsAnActivityOnASourceQueue() throws Exception {
		assertActivityArrives(new ActiveMQConnectionFactory(OutsideProducersContext.acceptorUrl()), "Core");
	}

	@Test
	void anAmqpProducerOutsidePutsAnActivityOnASourceQueue() throws Exception {
		assertActivityArrives(amqp(), "AMQP");
	}

	@Test
	void aWrongPasswordOrNoneIsRefused() {
		ConnectionFactory core = new ActiveMQConnectionFactory(OutsideProducersContext.acceptorUrl());

		assertThatThrownBy(() -> send(core, PRODUCER_USER, "wrong-password", SOURCE_QUEUE, "{}"))
			.isInstanceOf(JMSSecurityException.class);
		assertThatThrownBy(() -> send(core, null, null, SOURCE_QUEUE, "{}")).isInstanceOf(JMSSecurityException.class);
		assertThatThrownBy(() -> send(amqp(), PRODUCER_USER, "wrong-password", SOURCE_QUEUE, "{}"))
			.isInstanceOf(JMSSecurityException.class);
	}

	@Test
	void theProducerCannotReachTheIntakeQueueOrMakeQueuesOfItsOwn() {
		ConnectionFactory core = new ActiveMQConnectionFactory(OutsideProducersContext.acceptorUrl());

		assertThatThrownBy(() -> send(core, PRODUCER_USER, PRODUCER_PASSWORD, "inbox-sync.events", "{}"))
			.isInstanceOf(JMSSecurityException.class);
		assertThatThrownBy(() -> send(core, PRODUCER_USER, PRODUCER_PASSWORD, "made-up.queue", "{}"))
			.isInstanceOf(JMSSecurityException.class);
	}

	private void assertActivityArrives(ConnectionFactory factory, String protocol) throws JMSException {
		String email = uniqueEmail("outside-" + protocol.toLowerCase());
		String contactId = this.wix.createContact(email);

		send(factory, PRODUCER_USER, PRODUCER_PASSWORD, SOURCE_QUEUE, "{\"activityId\": \"act-" + UUID.randomUUID()
				+ "\", \"contact\": {\"email\": \"" + email + "\"}, \"summary\": \"Paid over " + protocol + "\"}");

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Paid over " + protocol);
	}

	private static ConnectionFactory amqp() {
		return new JmsConnectionFactory(OutsideProducersContext.acceptorUrl().replace("tcp:", "amqp:"));
	}

	private static void send(ConnectionFactory factory, String user, String password, String queue, String text)
			throws JMSException {
		try (Connection connection = factory.createConnection(user, password)) {
			Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
			MessageProducer producer = session.createProducer(session.createQueue(queue));
			producer.send(session.createTextMessage(text));
		}
	}

}

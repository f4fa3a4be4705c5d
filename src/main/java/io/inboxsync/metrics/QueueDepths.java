package io.inboxsync.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.inboxsync.config.InboxSyncProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Metric {@value #DEPTH}: how many messages each pipeline queue holds (waiting, and taken
 * but not yet done), asked of the broker's management address every
 * {@value #EVERY_SECONDS} seconds: the same question for the embedded broker and an
 * external one, and never one per scrape. Unknown (NaN) while the broker does not answer,
 * such as an external broker whose user lacks the {@code manage} permission.
 */
@Component
public class QueueDepths {

	public static final String DEPTH = "inbox.sync.queue.depth";

	static final long EVERY_SECONDS = 10;

	private static final long UNKNOWN = -1;

	private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

	private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

	private final ConnectionFactory connectionFactory;

	private final Map<String, AtomicLong> depths = new LinkedHashMap<>();

	private volatile boolean failing;

	public QueueDepths(ConnectionFactory connectionFactory, InboxSyncProperties properties, MeterRegistry meters) {
		this.connectionFactory = connectionFactory;
		for (String queue : List.of(properties.pipeline().queue(), properties.delivery().queue())) {
			AtomicLong depth = new AtomicLong(UNKNOWN);
			this.depths.put(queue, depth);
			Gauge.builder(DEPTH, depth, (value) -> (value.get() >= 0) ? value.get() : Double.NaN)
				.description("Messages on a pipeline queue, waiting or being handled (sampled every " + EVERY_SECONDS
						+ " s)")
				.tag("queue", queue)
				.register(meters);
		}
	}

	@Scheduled(fixedDelay = EVERY_SECONDS, timeUnit = TimeUnit.SECONDS)
	public void sample() {
		try (Connection connection = this.connectionFactory.createConnection();
				Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
			TemporaryQueue replies = session.createTemporaryQueue();
			try (MessageProducer management = session.createProducer(
					session.createQueue(ActiveMQDefaultConfiguration.getDefaultManagementAddress().toString()));
					MessageConsumer answers = session.createConsumer(replies)) {
				connection.start();
				for (Map.Entry<String, AtomicLong> queue : this.depths.entrySet()) {
					queue.getValue().set(messageCount(session, management, answers, replies, queue.getKey()));
				}
			}
			finally {
				replies.delete();
			}
			if (this.failing) {
				log.info("The broker answers again with its queues' depths");
			}
			this.failing = false;
		}
		catch (Exception ex) {
			this.depths.values().forEach((depth) -> depth.set(UNKNOWN));
			if (!this.failing) {
				log.warn("The broker did not tell its queues' depths ({}); metric {} is unknown until it does",
						ex.getMessage(), DEPTH);
			}
			this.failing = true;
		}
	}

	private static long messageCount(Session session, MessageProducer management, MessageConsumer answers,
			TemporaryQueue replies, String queue) throws Exception {
		Message request = session.createMessage();
		JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
		request.setJMSReplyTo(replies);
		management.send(request);
		Message reply = answers.receive(ANSWER_TIMEOUT_MILLIS);
		if (reply == null) {
			throw new JMSException("no answer about " + queue + " within " + ANSWER_TIMEOUT_MILLIS + " ms");
		}
		if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
			throw new JMSException("refused to tell about " + queue + ": " + JMSManagementHelper.getResult(reply));
		}
		return ((Number) JMSManagementHelper.getResult(reply)).longValue();
	}

}

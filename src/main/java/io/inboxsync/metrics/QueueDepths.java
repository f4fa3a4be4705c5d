package io.inboxsync.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

	private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

	private static final Logger log = LoggerFactory.getLogger(QueueDepths.class);

	private final ConnectionFactory connectionFactory;

	private final Map<String, Depth> depths = new ConcurrentHashMap<>();

	private final List<String> queues;

	private volatile boolean failing;

	public QueueDepths(ConnectionFactory connectionFactory, InboxSyncProperties properties, MeterRegistry meters) {
		this.connectionFactory = connectionFactory;
		this.queues = List.of(properties.pipeline().queue(), properties.delivery().queue());
		for (String queue : this.queues) {
			this.depths.put(queue, Depth.UNKNOWN);
			Gauge.builder(DEPTH, this.depths, (depths) -> depths.get(queue).messagesOrNaN())
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
				for (String queue : this.queues) {
					this.depths.put(queue,
							new Depth(attribute(session, management, answers, replies, queue, "messageCount"),
									attribute(session, management, answers, replies, queue, "deliveringCount")));
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
			this.queues.forEach((queue) -> this.depths.put(queue, Depth.UNKNOWN));
			if (!this.failing) {
				log.warn("The broker did not tell its queues' depths ({}); metric {} is unknown until it does",
						ex.getMessage(), DEPTH);
			}
			this.failing = true;
		}
	}

	/** The queue's depth as last sampled. */
	public Depth depth(String queue) {
		return this.depths.getOrDefault(queue, Depth.UNKNOWN);
	}

	private static long attribute(Session session, MessageProducer management, MessageConsumer answers,
			TemporaryQueue replies, String queue, String attribute) throws Exception {
		Message request = session.createMessage();
		JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, attribute);
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

	/**
	 * @param messages all messages on the queue, {@code -1} when unknown
	 * @param delivering those of them a consumer holds: being handled, or waiting for
	 * their retry
	 */
	public record Depth(long messages, long delivering) {

		static final Depth UNKNOWN = new Depth(-1, -1);

		public boolean known() {
			return this.messages >= 0;
		}

		/** The messages no consumer holds yet. */
		public long waiting() {
			return Math.max(0, this.messages - this.delivering);
		}

		double messagesOrNaN() {
			return known() ? this.messages : Double.NaN;
		}

	}

}

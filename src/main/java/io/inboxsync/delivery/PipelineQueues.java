package io.inboxsync.delivery;

import java.time.Instant;

import io.inboxsync.event.InboxEvent;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

import org.springframework.stereotype.Component;

/**
 * The two durable queues of the pipeline, for Java callers (replays, the sink) and for
 * the routes that put messages on them (routes/pipeline.yaml). The intake queue carries
 * events, grouped by customer; the deliveries queue carries one delivery per event and
 * contact, grouped by contact. A group's messages go to one consumer at a time, in the
 * order they were queued, whichever instance it runs in.
 */
@Component("pipelineQueues")
public class PipelineQueues {

	/**
	 * JMS property: the message group, whose messages the broker gives to one consumer at
	 * a time, in order.
	 */
	public static final String GROUP = "JMSXGroupID";

	/**
	 * JMS property: the broker hands this message over again, after a consumer took it
	 * and did not finish.
	 */
	private static final String REDELIVERED = "JMSRedelivered";

	/** JMS property: when the message was queued, in epoch millis. */
	private static final String QUEUED_AT = "JMSTimestamp";

	/**
	 * JMS property of a delivery: when its event went onto the intake queue, in epoch
	 * millis, for the end-to-end latency; absent on a delivery replayed from a dead
	 * letter.
	 */
	public static final String EVENT_QUEUED_AT = "InboxSyncEventQueuedAt";

	private static final String INTAKE = "direct:inbox-sync-enqueue";

	private static final String DELIVERIES = "direct:inbox-sync-enqueue-delivery";

	private final ProducerTemplate producer;

	private final CustomerGroups customerGroups;

	public PipelineQueues(ProducerTemplate producer, CustomerGroups customerGroups) {
		this.producer = producer;
		this.customerGroups = customerGroups;
	}

	public void putEvent(InboxEvent event) {
		this.producer.sendBody(INTAKE, event);
	}

	public void putDelivery(Delivery delivery) {
		this.producer.sendBody(DELIVERIES, delivery);
	}

	/**
	 * For the intake route: the message carries the event (the body) and nothing else, in
	 * its customer's group (a keyed hash, so no email or phone reaches the broker).
	 */
	public void addressEvent(InboxEvent event, Message message) {
		message.removeHeaders("*");
		message.setHeader(GROUP, this.customerGroups.groupOf(event.customer()));
	}

	/**
	 * For the deliveries route: the message carries the delivery (the body), in its
	 * contact's group, and when its event was queued if it comes from the intake queue.
	 */
	public void addressDelivery(Delivery delivery, Message message) {
		Long eventQueuedAt = message.getHeader(QUEUED_AT, Long.class);
		message.removeHeaders("*");
		message.setHeader(GROUP, delivery.contactId());
		if (eventQueuedAt != null) {
			message.setHeader(EVENT_QUEUED_AT, eventQueuedAt);
		}
	}

	/**
	 * For the deliveries consumer: a delivery the broker hands over again (the process
	 * died during an attempt) may have reached Wix, since it was queued.
	 */
	public Delivery taken(Delivery delivery, Message message) {
		if (Boolean.TRUE.equals(message.getHeader(REDELIVERED, Boolean.class))) {
			Long queuedAt = message.getHeader(QUEUED_AT, Long.class);
			return delivery.mayBeInWix(Instant.ofEpochMilli((queuedAt != null) ? queuedAt : 0));
		}
		return delivery;
	}

}

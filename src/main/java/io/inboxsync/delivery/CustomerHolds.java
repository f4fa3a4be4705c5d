package io.inboxsync.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.event.InboxEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Keeps one customer's events in order across retries. While one of a customer's deliveries waits on the queue for a
 * retry, the customer is held: their later events are parked, put back on the queue scheduled just after it, in the
 * order they came. The hold ends once the waiting delivery completed (sent, or kept as a dead letter) and every parked
 * event came back. Message groups send one customer's events to one consumer, so this instance sees them all.
 */
@Component("customerHolds")
public class CustomerHolds {

	/** JMS property: this event was parked behind a customer's retry. */
	static final String PARKED = "InboxSyncParked";

	/** JMS property: the event's place among those parked behind the same hold, which is the order they leave in. */
	static final String PARKED_PLACE = "InboxSyncParkedPlace";

	/** Exchange property: this exchange scheduled a retry (so its completion does not end the hold). */
	static final String HELD_NOW = "InboxSyncHeldNow";

	/** Parked events follow each other this far apart, so the broker hands them back in order. */
	private static final long SPACING_MILLIS = 5;

	private static final Logger log = LoggerFactory.getLogger(CustomerHolds.class);

	private final Map<String, Hold> holds = new HashMap<>();

	/** A retry of this delivery is scheduled for {@code retryAt}: hold the customer until it completes. */
	synchronized void hold(Exchange exchange, String delivery, Instant retryAt) {
		String customer = customer(exchange);
		Hold hold = this.holds.computeIfAbsent(customer, (key) -> new Hold());
		hold.holder = delivery;
		hold.holderDone = false;
		hold.releaseAt = Math.max(hold.releaseAt, retryAt.toEpochMilli());
		exchange.setProperty(HELD_NOW, true);
	}

	/**
	 * For the pipeline: whether this event must wait behind the customer's held delivery. An event that goes ahead
	 * reports its completion, which may end the hold.
	 */
	public boolean mustWait(Exchange exchange) {
		boolean waits = decide(exchange);
		if (!waits) {
			exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
				@Override
				public void onDone(Exchange done) {
					completed(done);
				}
			});
		}
		return waits;
	}

	private synchronized boolean decide(Exchange exchange) {
		Hold hold = this.holds.get(customer(exchange));
		boolean parked = Boolean.TRUE.equals(exchange.getMessage().getHeader(PARKED, Boolean.class));
		if (hold == null) {
			return false;
		}
		if (parked && hold.holderDone) {
			// Parked events go on in the order they were parked: one that comes back before its turn (its
			// predecessor was parked again while the held delivery was still retrying) waits once more.
			Integer place = exchange.getMessage().getHeader(PARKED_PLACE, Integer.class);
			if (place != null && place != hold.nextToLeave) {
				return true;
			}
			hold.nextToLeave++;
			hold.parked--;
			releaseIfDone(customer(exchange), hold);
			return false;
		}
		return !isHolder(exchange, hold);
	}

	/** Puts the event back on the queue behind the customer's held delivery (and behind those parked before it). */
	public synchronized void park(Exchange exchange) {
		Hold hold = this.holds.get(customer(exchange));
		boolean alreadyParked = Boolean.TRUE.equals(exchange.getMessage().getHeader(PARKED, Boolean.class));
		Integer place = exchange.getMessage().getHeader(PARKED_PLACE, Integer.class);
		if (!alreadyParked) {
			hold.parked++;
			place = hold.nextPlace++;
		}
		hold.releaseAt = Math.max(hold.releaseAt, System.currentTimeMillis()) + SPACING_MILLIS;
		InboxEvent event = exchange.getProperty(DeadLetterRecorder.EVENT, InboxEvent.class);
		Message message = exchange.getMessage();
		Map<String, Object> kept = new HashMap<>();
		for (String header : new String[] { DeliveryAttempt.NUMBER, DeliveryAttempt.CONTACT_ID,
				DeliveryAttempt.MAYBE_SENT_SINCE }) {
			if (message.getHeader(header) != null) {
				kept.put(header, message.getHeader(header));
			}
		}
		message.removeHeaders("*");
		message.setHeaders(kept);
		message.setHeader(PARKED, true);
		message.setHeader(PARKED_PLACE, place);
		message.setHeader(DeliveryRetries.SCHEDULED_DELIVERY, hold.releaseAt);
		message.setBody(event);
		log.info("Event {} waits behind a retry of the same customer", event.eventId());
	}

	/** The held delivery is done, unless this exchange just scheduled another retry of it. */
	synchronized void completed(Exchange exchange) {
		String customer = customer(exchange);
		Hold hold = (customer != null) ? this.holds.get(customer) : null;
		if (hold == null || Boolean.TRUE.equals(exchange.getProperty(HELD_NOW, Boolean.class))) {
			return;
		}
		if (isHolder(exchange, hold)) {
			hold.holderDone = true;
			releaseIfDone(customer, hold);
		}
	}

	private void releaseIfDone(String customer, Hold hold) {
		if (hold.holderDone && hold.parked <= 0) {
			this.holds.remove(customer);
		}
	}

	private static boolean isHolder(Exchange exchange, Hold hold) {
		return hold.holder != null && hold.holder.equals(delivery(exchange));
	}

	/** The retry in flight: this event, for the contact it targets. */
	static String delivery(Exchange exchange) {
		InboxEvent event = exchange.getProperty(DeadLetterRecorder.EVENT, InboxEvent.class);
		DeliveryAttempt attempt = exchange.getProperty(DeliveryAttempt.PROPERTY, DeliveryAttempt.class);
		String contactId = (attempt != null && attempt.contactId() != null) ? attempt.contactId()
				: exchange.getProperty(DeadLetterRecorder.CONTACT_ID, String.class);
		return event.source() + "/" + event.eventId() + "/" + contactId;
	}

	private static String customer(Exchange exchange) {
		InboxEvent event = exchange.getProperty(DeadLetterRecorder.EVENT, InboxEvent.class);
		return (event != null) ? event.customer().key() : null;
	}

	private static final class Hold {

		private String holder;

		private boolean holderDone;

		private long releaseAt;

		private int parked;

		/** The place the next parked event gets. */
		private int nextPlace;

		/** The place of the parked event whose turn it is to go on, once the held delivery is done. */
		private int nextToLeave;

	}

}

package io.inboxsync.delivery;

import java.time.Instant;

import org.apache.camel.Exchange;

/**
 * What the intake queue tells the pipeline about an attempt, in the JMS properties of a queued event: which attempt
 * it is, whether it targets one contact (a retry or a replay), and whether Wix may already hold the message.
 *
 * @param number 1 for the first attempt
 * @param contactId the one contact to deliver to, or {@code null} to look the contacts up
 * @param maybeSentSince when set, Wix may already have a message of this delivery sent since then: check first
 */
public record DeliveryAttempt(int number, String contactId, Instant maybeSentSince) {

	/** JMS property: the attempt number. */
	public static final String NUMBER = "InboxSyncAttempt";

	/** JMS property: the contact this attempt delivers to. */
	public static final String CONTACT_ID = "InboxSyncContactId";

	/** JMS property: epoch millis since which Wix may already hold the message. */
	public static final String MAYBE_SENT_SINCE = "InboxSyncMaybeSentSince";

	/** Exchange property under which the pipeline keeps the attempt. */
	public static final String PROPERTY = "InboxSyncDeliveryAttempt";

	/**
	 * Reads the attempt from a queued event. A message the broker delivers again (the process died, or the store
	 * failed) may have reached Wix already, so it is checked from the time it was queued.
	 */
	public static DeliveryAttempt of(Exchange exchange) {
		var message = exchange.getMessage();
		Long since = message.getHeader(MAYBE_SENT_SINCE, Long.class);
		if (since == null && Boolean.TRUE.equals(message.getHeader("JMSRedelivered", Boolean.class))) {
			since = message.getHeader("JMSTimestamp", Long.class);
		}
		return new DeliveryAttempt(message.getHeader(NUMBER, 1, Integer.class), message.getHeader(CONTACT_ID, String.class),
				(since != null) ? Instant.ofEpochMilli(since) : null);
	}

	public boolean targetsOneContact() {
		return this.contactId != null;
	}

	public boolean mayBeSentAlready() {
		return this.maybeSentSince != null;
	}

}

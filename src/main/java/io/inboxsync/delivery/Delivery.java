package io.inboxsync.delivery;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inboxsync.event.InboxEvent;

/**
 * One event for one of its customer's contacts: what the deliveries queue carries, and
 * what every step after the lookup reads and returns. Retries, replays and the dead
 * letters of the conversation and send stages are about one delivery.
 *
 * @param event the event as it was accepted
 * @param contactId the contact whose conversation gets it
 * @param conversationId the contact's conversation, once the conversation stage found it;
 * never queued
 * @param firstAttemptAt when the first attempt at this delivery began, or {@code null}
 * before it
 * @param maybeInWix whether an earlier attempt may have left the message in Wix (an
 * answer lost or a 5xx), so the conversation must be read back to {@code firstAttemptAt}
 * before sending
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(InboxEvent event, String contactId, String conversationId, Instant firstAttemptAt,
		boolean maybeInWix) {

	public static Delivery of(InboxEvent event, String contactId) {
		return new Delivery(event, contactId, null, null, false);
	}

	/**
	 * A delivery to replay: Wix may hold its message since {@code maybeInWixSince} when
	 * that is set.
	 */
	public static Delivery replay(InboxEvent event, String contactId, Instant maybeInWixSince) {
		return new Delivery(event, contactId, null, maybeInWixSince, maybeInWixSince != null);
	}

	/**
	 * The ledger's key: ids are the sources' own, so two sources may both send an event
	 * "1001".
	 */
	public String key() {
		return this.event.source() + "/" + this.event.eventId() + "/" + this.contactId;
	}

	/**
	 * This delivery addressed to its conversation; its first attempt begins now unless
	 * one began before.
	 */
	public Delivery inConversation(String conversation, Instant now) {
		return new Delivery(this.event, this.contactId, conversation,
				(this.firstAttemptAt != null) ? this.firstAttemptAt : now, this.maybeInWix);
	}

	/**
	 * An attempt may have reached Wix although it failed: the next one looks before
	 * sending. The first attempt's time is kept, or, for a delivery the broker handed
	 * over again after a crash, {@code since} (when it was queued).
	 */
	public Delivery mayBeInWix(Instant since) {
		return new Delivery(this.event, this.contactId, this.conversationId,
				(this.firstAttemptAt != null) ? this.firstAttemptAt : since, true);
	}

	/** The same delivery of this form of its event (its media moved, say). */
	public Delivery withEvent(InboxEvent event) {
		return new Delivery(event, this.contactId, this.conversationId, this.firstAttemptAt, this.maybeInWix);
	}

	@Override
	public String toString() {
		return "Delivery[" + key() + "]";
	}

	/**
	 * The event an exchange's body carries between stages (the event itself, or one of
	 * its deliveries), or {@code null} for any other body.
	 */
	public static InboxEvent eventOf(Object body) {
		if (body instanceof Delivery delivery) {
			return delivery.event();
		}
		return (body instanceof InboxEvent event) ? event : null;
	}

}

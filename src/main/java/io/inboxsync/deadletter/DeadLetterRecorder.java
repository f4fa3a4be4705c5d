package io.inboxsync.deadletter;

import io.inboxsync.delivery.DeliveryAttempt;
import io.inboxsync.delivery.DeliveryRetries;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.wix.NoContactException;
import io.inboxsync.wix.WixApiException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The end of inbox-sync's dead-letter channel: turns a failed exchange into a {@link DeadLetter}. Routes say where
 * they are by setting the exchange property {@value #STAGE}, and the pipeline keeps the event in {@value #EVENT} and
 * the contact in {@value #CONTACT_ID}. If the store cannot be written, the failure propagates so that the queued event
 * stays on the queue: nothing is lost.
 */
@Component("deadLetterRecorder")
public class DeadLetterRecorder {

	/** Exchange property: the stage the event was in, one of mapping, lookup, conversation, send. */
	public static final String STAGE = "InboxSyncStage";

	/** Exchange property: the event being delivered. */
	public static final String EVENT = "InboxSyncEvent";

	/** Exchange property: the source, for a failure before there is an event (a payload a source could not map). */
	public static final String SOURCE = "InboxSyncSource";

	/** Exchange property: the contact being delivered to. */
	public static final String CONTACT_ID = "InboxSyncContactId";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterRecorder.class);

	private final DeadLetterStore store;

	public DeadLetterRecorder(DeadLetterStore store) {
		this.store = store;
	}

	public void record(Exchange exchange) {
		Throwable cause = DeliveryRetries.causeOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
		InboxEvent event = exchange.getProperty(EVENT, InboxEvent.class);
		String eventJson = (event != null) ? exchange.getContext().getTypeConverter().convertTo(String.class, event)
				: exchange.getMessage().getBody(String.class);
		DeliveryAttempt attempt = exchange.getProperty(DeliveryAttempt.PROPERTY, DeliveryAttempt.class);
		int attempts = (attempt != null) ? attempt.number() : 1;
		String reason = (DeliveryRetries.isRetryable(cause) ? "gave up after " + attempts + " attempts: " : "")
				+ reason(cause);
		DeadLetter deadLetter = this.store.record(new DeadLetterStore.Failure((event != null) ? event.eventId() : null,
				(event != null) ? event.source() : exchange.getProperty(SOURCE, String.class),
				exchange.getProperty(CONTACT_ID, String.class),
				exchange.getProperty(STAGE, "mapping", String.class), reason,
				(cause instanceof WixApiException wix) ? wix.status() : null, attempts,
				(eventJson != null) ? eventJson : ""));
		log.warn("Dead letter {} (event {}, stage {}, attempt {}): {}", deadLetter.id(), deadLetter.eventId(),
				deadLetter.stage(), deadLetter.attempts(), deadLetter.reason());
	}

	private static String reason(Throwable cause) {
		if (cause == null) {
			return "unknown";
		}
		if (cause instanceof WixApiException || cause instanceof InvalidEventException
				|| cause instanceof NoContactException) {
			return cause.getMessage();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}

package io.inboxsync.deadletter;

import java.time.Instant;

import io.inboxsync.delivery.Delivery;
import io.inboxsync.delivery.DeliveryRetries;
import io.inboxsync.delivery.RemoteCallException;
import io.inboxsync.delivery.Stage;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.media.MediaNotImportedException;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.wix.NoContactException;
import io.inboxsync.wix.WixApiException;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The end of inbox-sync's dead-letter channel: turns a failed exchange into a
 * {@link DeadLetter}. The stage is the route the exchange failed in; the body says what
 * failed: a delivery (conversation and send stages), an event (lookup), or a payload that
 * is not an event (a source's, or a foreign message on a queue). If the store cannot be
 * written, the failure propagates so that the queued message stays on its queue: nothing
 * is lost.
 */
@Component("deadLetterRecorder")
public class DeadLetterRecorder {

	/**
	 * Exchange property: the source, for a failure before there is an event (a payload a
	 * source could not map).
	 */
	public static final String SOURCE = "InboxSyncSource";

	/**
	 * Exchange properties: the id and the contact of what failed when it is not an event
	 * (a reply: its Wix message id).
	 */
	public static final String EVENT_ID = "InboxSyncFailedId";

	public static final String CONTACT_ID = "InboxSyncFailedContactId";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterRecorder.class);

	private final DeadLetterStore store;

	private final PipelineMetrics metrics;

	private final Tracer tracer;

	/** The tracer is absent when tracing is off (management.tracing.enabled=false). */
	public DeadLetterRecorder(DeadLetterStore store, PipelineMetrics metrics, ObjectProvider<Tracer> tracer) {
		this.store = store;
		this.metrics = metrics;
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
	}

	public void record(Exchange exchange) {
		Throwable cause = DeliveryRetries.causeOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
		Object body = exchange.getMessage().getBody();
		Delivery delivery = (body instanceof Delivery failed) ? failed : null;
		InboxEvent event = Delivery.eventOf(body);
		String eventJson = (event != null) ? exchange.getContext().getTypeConverter().convertTo(String.class, event)
				: exchange.getMessage().getBody(String.class);
		Instant maybeInWixSince = (delivery != null && (delivery.maybeInWix() || DeliveryRetries.maybeInWix(exchange)))
				? delivery.firstAttemptAt() : null;
		int attempts = DeliveryRetries.attempts(exchange);
		String reason = (DeliveryRetries.isRetryable(cause) ? "gave up after " + attempts + " attempts: " : "")
				+ reason(cause);
		recordFailure(new DeadLetterStore.Failure(
				(event != null) ? event.eventId() : exchange.getProperty(EVENT_ID, String.class),
				(event != null) ? event.source() : exchange.getProperty(SOURCE, String.class),
				(delivery != null) ? delivery.contactId() : exchange.getProperty(CONTACT_ID, String.class),
				Stage.ofFailure(exchange).value(), reason, (cause instanceof WixApiException wix) ? wix.status() : null,
				attempts, (eventJson != null) ? eventJson : "", maybeInWixSince));
	}

	/**
	 * Keeps a failure found outside a route's error handling (a channel's later report),
	 * counted and logged like the others, in the current trace. (Not an overload of
	 * {@link #record(Exchange)}: routes call that one by name.)
	 */
	public DeadLetter recordFailure(DeadLetterStore.Failure failure) {
		DeadLetter deadLetter = this.store.record(new DeadLetterStore.Failure(failure.eventId(), failure.source(),
				failure.contactId(), failure.stage(), failure.reason(), failure.wixStatus(), failure.attempts(),
				failure.event(), failure.maybeInWixSince(), traceId()));
		this.metrics.deadLettered(deadLetter.source(), deadLetter.stage());
		log.warn("Dead letter {} (event {}, stage {}, attempt {}): {}", deadLetter.id(), deadLetter.eventId(),
				deadLetter.stage(), deadLetter.attempts(), deadLetter.reason());
		return deadLetter;
	}

	/** The trace of the failing exchange: its stage's span is the current one. */
	private String traceId() {
		Span span = this.tracer.currentSpan();
		return (span != null) ? span.context().traceId() : null;
	}

	private static String reason(Throwable cause) {
		if (cause == null) {
			return "unknown";
		}
		if (cause instanceof WixApiException || cause instanceof InvalidEventException
				|| cause instanceof NoContactException || cause instanceof RemoteCallException
				|| cause instanceof MediaNotImportedException) {
			return cause.getMessage();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}

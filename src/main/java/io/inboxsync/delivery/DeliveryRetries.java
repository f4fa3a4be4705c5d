package io.inboxsync.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * Decides which failures are worth another attempt, and when. A retry goes back on the durable intake queue as a
 * scheduled message (Artemis' {@code _AMQ_SCHED_DELIVERY}), so waiting holds no thread and survives a restart, and it
 * targets only the contact that failed.
 */
@Component("deliveryRetries")
public class DeliveryRetries {

	/** Artemis delivers a message carrying this property (epoch millis) no earlier than then. */
	static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

	private static final Logger log = LoggerFactory.getLogger(DeliveryRetries.class);

	private final InboxSyncProperties.Delivery settings;

	private final Duration circuitOpenFor;

	private final Duration readTimeout;

	private final CustomerHolds holds;

	public DeliveryRetries(InboxSyncProperties properties, CustomerHolds holds) {
		this.settings = properties.delivery();
		this.holds = holds;
		this.circuitOpenFor = properties.wix().circuitBreaker().openFor();
		this.readTimeout = properties.wix().readTimeout();
	}

	/**
	 * 429, 5xx, no answer at all, or Wix not called for now may succeed later; the rest (400, 403, 409, …) never will
	 * as they are.
	 */
	public static boolean isRetryable(Throwable failure) {
		if (failure instanceof WixApiException wix) {
			return wix.status() == 429 || wix.status() >= 500;
		}
		return failure instanceof ResourceAccessException || failure instanceof WixUnavailableException;
	}

	/** Wix may have stored a message whose answer was a 5xx or never came; a refused connection sent nothing. */
	static boolean mayHaveReachedWix(Throwable failure) {
		if (failure instanceof WixApiException wix) {
			return wix.status() >= 500;
		}
		Throwable cause = (failure instanceof ResourceAccessException) ? failure.getCause() : null;
		return cause instanceof IOException && !(cause instanceof ConnectException)
				&& !(cause instanceof HttpConnectTimeoutException);
	}

	/**
	 * Wix saying "not now" (429), or our own pace or pause keeping the call back, says nothing about the event: such
	 * a retry waits on the queue without spending one of the event's attempts.
	 */
	static boolean spendsAnAttempt(Throwable failure) {
		boolean rateLimited = failure instanceof WixApiException wix && wix.status() == 429;
		return !rateLimited && !(failure instanceof WixUnavailableException);
	}

	/** For the route's {@code onWhen}: a retryable failure with attempts left. */
	public boolean shouldRetry(Exchange exchange) {
		Throwable failure = failure(exchange);
		return isRetryable(failure)
				&& (!spendsAnAttempt(failure) || attempt(exchange).number() < this.settings.maxAttempts());
	}

	/**
	 * Turns the failed exchange into the next attempt's queue message: the event as it was, for the one contact that
	 * failed (when known), scheduled after a backoff.
	 */
	public void prepareRetry(Exchange exchange) {
		Throwable failure = failure(exchange);
		DeliveryAttempt attempt = attempt(exchange);
		InboxEvent event = exchange.getProperty(DeadLetterRecorder.EVENT, InboxEvent.class);
		String contactId = exchange.getProperty(DeadLetterRecorder.CONTACT_ID, String.class);
		String stage = exchange.getProperty(DeadLetterRecorder.STAGE, String.class);
		Duration delay = delay(attempt.number(), (failure instanceof WixApiException wix) ? wix.retryAfter() : null);
		if (failure instanceof WixUnavailableException && delay.compareTo(this.circuitOpenFor) < 0) {
			// Calls are paused for a while: an attempt before they resume would be spent without calling Wix.
			delay = this.circuitOpenFor;
		}
		Instant sendStartedAt = exchange.getProperty(SentMessageCheck.SEND_STARTED_AT, Instant.class);
		boolean sendMayHaveReachedWix = "send".equals(stage) && sendStartedAt != null && mayHaveReachedWix(failure);
		delay = delayBeforeCheck(delay, sendMayHaveReachedWix);

		Message message = exchange.getMessage();
		message.removeHeaders("*");
		message.setBody(event);
		message.setHeader(DeliveryAttempt.NUMBER, spendsAnAttempt(failure) ? attempt.number() + 1 : attempt.number());
		if (contactId != null) {
			message.setHeader(DeliveryAttempt.CONTACT_ID, contactId);
		}
		Instant maybeSentSince = attempt.maybeSentSince();
		if (maybeSentSince == null && sendMayHaveReachedWix) {
			maybeSentSince = sendStartedAt;
		}
		if (maybeSentSince != null) {
			message.setHeader(DeliveryAttempt.MAYBE_SENT_SINCE, maybeSentSince.toEpochMilli());
		}
		Instant retryAt = Instant.now().plus(delay);
		message.setHeader(SCHEDULED_DELIVERY, retryAt.toEpochMilli());
		this.holds.hold(exchange, event.source() + "/" + event.eventId() + "/" + contactId, retryAt);
		log.info("Attempt {} of event {} failed at stage {} ({}); retrying in {} ms", attempt.number(),
				event.eventId(), stage, failure.getMessage(), delay.toMillis());
	}

	/** Exponential backoff with ±20% jitter, or Wix's {@code Retry-After} (plus up to 10%) when it sent one. */
	Duration delay(int attemptNumber, String retryAfter) {
		Duration wixAsked = parseRetryAfter(retryAfter);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (wixAsked != null) {
			return wixAsked.plusMillis((long) (wixAsked.toMillis() * random.nextDouble(0.0, 0.1)));
		}
		double backoff = this.settings.initialBackoff().toMillis()
				* Math.pow(this.settings.backoffMultiplier(), attemptNumber - 1);
		double capped = Math.min(backoff, this.settings.maxBackoff().toMillis());
		return Duration.ofMillis((long) (capped * random.nextDouble(0.8, 1.2)));
	}

	/**
	 * After a Send Message whose answer was a 5xx or never came, the next attempt first looks for the message in the
	 * conversation. Wix may still be storing a request we stopped waiting for, so that look waits at least as long as
	 * we waited for the answer.
	 */
	Duration delayBeforeCheck(Duration backoff, boolean sendMayHaveReachedWix) {
		return (sendMayHaveReachedWix && backoff.compareTo(this.readTimeout) < 0) ? this.readTimeout : backoff;
	}

	/** {@code Retry-After} is seconds or an HTTP date. */
	static Duration parseRetryAfter(String retryAfter) {
		if (retryAfter == null || retryAfter.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration until = Duration.between(Instant.now(), at);
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private static DeliveryAttempt attempt(Exchange exchange) {
		DeliveryAttempt attempt = exchange.getProperty(DeliveryAttempt.PROPERTY, DeliveryAttempt.class);
		return (attempt != null) ? attempt : new DeliveryAttempt(1, null, null);
	}

	private static Throwable failure(Exchange exchange) {
		return causeOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
	}

	/**
	 * What failed, whichever step raised it: Camel wraps what a bean called from an expression threw (a
	 * {@code setVariable} with a {@code method}, say), and the decision is about the Wix failure inside.
	 */
	public static Throwable causeOf(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof RuntimeCamelException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}

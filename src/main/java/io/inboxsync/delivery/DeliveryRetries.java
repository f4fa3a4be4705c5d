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
import io.inboxsync.event.InboxEvent;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.reply.Reply;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * The retry policy of the pipeline's stages, for their dead-letter channel
 * (routes/error-handling.yaml). A stage retries its failed step in place: the queued
 * message stays unacknowledged meanwhile, so the consumer takes no later message of the
 * same customer or conversation, and order needs no state of its own; a crash hands the
 * message to the next consumer, first. As the channel's {@code onExceptionOccurred}
 * processor it counts the attempt and sets when the next one runs; its {@code retryWhile}
 * predicate ({@link #retryWhile}) says whether there is a next one.
 */
@Component("deliveryRetries")
public class DeliveryRetries implements Processor {

	/**
	 * Exchange property: how many attempts have failed in a way that counts towards
	 * max-attempts.
	 */
	static final String FAILED_ATTEMPTS = "InboxSyncFailedAttempts";

	/**
	 * Exchange property: an attempt of this delivery may have left its message in Wix. A
	 * property, since Camel gives each retry of a step the message as it was before the
	 * first try.
	 */
	public static final String MAYBE_IN_WIX = "InboxSyncMaybeInWix";

	private static final Logger log = LoggerFactory.getLogger(DeliveryRetries.class);

	private final InboxSyncProperties.Delivery settings;

	private final Duration circuitOpenFor;

	private final Duration readTimeout;

	private final PipelineMetrics metrics;

	@Autowired
	public DeliveryRetries(InboxSyncProperties properties, PipelineMetrics metrics) {
		this(properties.delivery(), properties.wix().circuitBreaker().openFor(), properties.wix().readTimeout(),
				metrics);
	}

	DeliveryRetries(InboxSyncProperties.Delivery settings, Duration circuitOpenFor, Duration readTimeout,
			PipelineMetrics metrics) {
		this.settings = settings;
		this.circuitOpenFor = circuitOpenFor;
		this.readTimeout = readTimeout;
		this.metrics = metrics;
	}

	/**
	 * 429, 5xx, no answer at all, or Wix not called for now may succeed later; the rest
	 * (400, 403, 409, …) never will as they are.
	 */
	public static boolean isRetryable(Throwable failure) {
		if (failure instanceof RemoteFailure remote) {
			return remote.retryable();
		}
		return failure instanceof ResourceAccessException || failure instanceof WixUnavailableException;
	}

	/**
	 * Wix may have stored a message whose answer was a 5xx or never came; a refused
	 * connection sent nothing.
	 */
	static boolean mayHaveReachedWix(Throwable failure) {
		if (failure instanceof WixApiException wix) {
			return wix.status() >= 500;
		}
		Throwable cause = (failure instanceof ResourceAccessException) ? failure.getCause() : null;
		return cause instanceof IOException && !(cause instanceof ConnectException)
				&& !(cause instanceof HttpConnectTimeoutException);
	}

	/**
	 * Wix saying "not now" (429), or our own pace or pause keeping the call back, says
	 * nothing about the event: such a retry waits without spending one of the event's
	 * attempts.
	 */
	static boolean spendsAnAttempt(Throwable failure) {
		boolean rateLimited = failure instanceof RemoteFailure remote && remote.status() == 429;
		return !rateLimited && !(failure instanceof WixUnavailableException);
	}

	/** After each failed attempt: counts it, and sets the delay before the next one. */
	@Override
	public void process(Exchange exchange) {
		Throwable failure = failure(exchange);
		int attempt = failedAttempts(exchange) + 1;
		if (spendsAnAttempt(failure)) {
			exchange.setProperty(FAILED_ATTEMPTS, attempt);
		}
		if (!isRetryable(failure)) {
			return;
		}
		boolean sendMayHaveReachedWix = Stage.ofFailure(exchange) == Stage.SEND && mayHaveReachedWix(failure);
		if (sendMayHaveReachedWix) {
			exchange.setProperty(MAYBE_IN_WIX, true);
		}
		Duration delay = nextDelay(failure, attempt, sendMayHaveReachedWix);
		exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis());
		if (shouldRetry(exchange)) {
			this.metrics.retried(source(exchange), Stage.ofFailure(exchange).value(), exchange.getExchangeId(), delay);
			log.info("Attempt {} of {} failed at stage {} ({}); retrying in {} ms", attempt, whatFailed(exchange),
					Stage.ofFailure(exchange).value(), failure.getMessage(), delay.toMillis());
		}
	}

	/**
	 * The channel's {@code retryWhile}, a bean of its own: given a bean that is also a
	 * processor, Camel would call its {@code process} method instead.
	 */
	@Bean("deliveryRetryWhile")
	static Predicate retryWhile(DeliveryRetries retries) {
		return retries::shouldRetry;
	}

	/** Whether the failed step runs again: a retryable failure with attempts left. */
	public boolean shouldRetry(Exchange exchange) {
		Throwable failure = failure(exchange);
		return isRetryable(failure)
				&& (!spendsAnAttempt(failure) || failedAttempts(exchange) < this.settings.maxAttempts());
	}

	/**
	 * Whether an attempt of this exchange's delivery may have left its message in Wix.
	 */
	public static boolean maybeInWix(Exchange exchange) {
		return exchange.getProperty(MAYBE_IN_WIX, false, Boolean.class);
	}

	/**
	 * The attempts that failed, for a dead letter's count: at least the one that just
	 * did.
	 */
	public static int attempts(Exchange exchange) {
		return Math.max(1, failedAttempts(exchange));
	}

	/** The delay after the given attempt failed (1 for the first). */
	Duration nextDelay(Throwable failure, int attemptNumber, boolean sendMayHaveReachedWix) {
		Duration delay = delay(attemptNumber, (failure instanceof RemoteFailure remote) ? remote.retryAfter() : null);
		if (failure instanceof WixUnavailableException && delay.compareTo(this.circuitOpenFor) < 0) {
			// Calls are paused for a while: an attempt before they resume would be spent
			// without calling Wix.
			delay = this.circuitOpenFor;
		}
		return delayBeforeCheck(delay, sendMayHaveReachedWix);
	}

	/**
	 * Exponential backoff with ±20% jitter, or Wix's {@code Retry-After} (plus up to 10%)
	 * when it sent one.
	 */
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
	 * After a Send Message whose answer was a 5xx or never came, the next attempt first
	 * looks for the message in the conversation. Wix may still be storing a request we
	 * stopped waiting for, so that look waits at least as long as we waited for the
	 * answer.
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

	private static int failedAttempts(Exchange exchange) {
		return exchange.getProperty(FAILED_ATTEMPTS, 0, Integer.class);
	}

	private static String source(Exchange exchange) {
		Object body = exchange.getMessage().getBody();
		if (body instanceof Reply reply) {
			return reply.source();
		}
		InboxEvent event = Delivery.eventOf(body);
		return (event != null) ? event.source() : null;
	}

	/** "event {id}" or "reply {Wix message id}", for the log. */
	private static String whatFailed(Exchange exchange) {
		Object body = exchange.getMessage().getBody();
		if (body instanceof Reply reply) {
			return "reply " + reply.messageId();
		}
		InboxEvent event = Delivery.eventOf(body);
		return "event " + ((event != null) ? event.eventId() : null);
	}

	private static Throwable failure(Exchange exchange) {
		Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		return causeOf((caught != null) ? caught : exchange.getException());
	}

	/**
	 * What failed, whichever step raised it: Camel wraps what a bean called from an
	 * expression threw, and the decision is about the Wix failure inside.
	 */
	public static Throwable causeOf(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof RuntimeCamelException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}

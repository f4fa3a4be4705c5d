package io.inboxsync.delivery;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.wix.WixApiException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retry after a Send Message that may have reached Wix waits at least the read timeout before it checks the
 * conversation, so a request Wix was still holding has been stored by then; other retries keep their backoff.
 */
class LateAnswerDelayTest {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	/** Far below the read timeout, so that the rule shows. */
	private static final Duration BACKOFF = Duration.ofMillis(50);

	private final DeliveryRetries retries = new DeliveryRetries(settings(), new CustomerHolds());

	@Test
	void aSendThatTimedOutIsCheckedNoSoonerThanTheReadTimeout() {
		Instant sendStarted = Instant.now().minus(READ_TIMEOUT);

		Exchange retry = retryAfter(timeout(), "send", sendStarted);

		assertThat(scheduledIn(retry)).isGreaterThanOrEqualTo(READ_TIMEOUT);
		assertThat(retry.getMessage().getHeader(DeliveryAttempt.MAYBE_SENT_SINCE, Long.class))
			.isEqualTo(sendStarted.toEpochMilli());
	}

	@Test
	void aSendAnswered5xxIsCheckedNoSoonerThanTheReadTimeout() {
		Exchange retry = retryAfter(wixAnswered(503, null), "send", Instant.now());

		assertThat(scheduledIn(retry)).isGreaterThanOrEqualTo(READ_TIMEOUT);
	}

	@Test
	void aLongerBackoffIsKept() {
		Exchange retry = retryAfter(wixAnswered(503, "5"), "send", Instant.now());

		assertThat(scheduledIn(retry)).isGreaterThan(Duration.ofMillis(4900));
		assertThat(this.retries.delayBeforeCheck(Duration.ofSeconds(7), true)).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void failuresThatSentNothingKeepTheirBackoff() {
		// A refused connection; a failure before Send Message started (the check itself, or the conversation).
		assertThat(scheduledIn(retryAfter(refused(), "send", Instant.now()))).isLessThan(READ_TIMEOUT);
		assertThat(scheduledIn(retryAfter(wixAnswered(503, null), "send", null))).isLessThan(READ_TIMEOUT);
		assertThat(scheduledIn(retryAfter(timeout(), "conversation", null))).isLessThan(READ_TIMEOUT);
		assertThat(this.retries.delayBeforeCheck(BACKOFF, false)).isEqualTo(BACKOFF);
	}

	private Exchange retryAfter(Throwable failure, String stage, Instant sendStarted) {
		Exchange exchange = new DefaultExchange(new DefaultCamelContext());
		exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
		exchange.setProperty(DeadLetterRecorder.STAGE, stage);
		exchange.setProperty(DeadLetterRecorder.CONTACT_ID, "contact-1");
		exchange.setProperty(DeadLetterRecorder.EVENT, new InboxEvent("e1", "chat-tool", Instant.now(),
				new InboxEvent.Customer("jane@example.com", null, null),
				new InboxEvent.Message(InboxEvent.MessageKind.BASIC, "Hi", InboxEvent.Direction.PARTICIPANT_TO_BUSINESS,
						InboxEvent.Visibility.BUSINESS, null, null, null, null),
				null));
		if (sendStarted != null) {
			exchange.setProperty(SentMessageCheck.SEND_STARTED_AT, sendStarted);
		}
		this.retries.prepareRetry(exchange);
		return exchange;
	}

	private static Duration scheduledIn(Exchange retry) {
		long at = retry.getMessage().getHeader(DeliveryRetries.SCHEDULED_DELIVERY, Long.class);
		// Measured after the fact, so a little less than the delay that was chosen.
		return Duration.ofMillis(at - Instant.now().toEpochMilli()).plusMillis(100);
	}

	private static Throwable timeout() {
		return new ResourceAccessException("I/O error", new HttpTimeoutException("request timed out"));
	}

	private static Throwable refused() {
		return new ResourceAccessException("I/O error", new ConnectException("Connection refused"));
	}

	private static Throwable wixAnswered(int status, String retryAfter) {
		return new WixApiException("POST /inbox/v2/messages", status, MissingNode.getInstance(), retryAfter, null);
	}

	private static InboxSyncProperties settings() {
		InboxSyncProperties.Wix wix = new InboxSyncProperties.Wix(null, null, null, null, null, null,
				Duration.ofSeconds(1), READ_TIMEOUT, new InboxSyncProperties.Wix.RateLimit(60000, Duration.ofSeconds(1)),
				new InboxSyncProperties.Wix.CircuitBreaker(50, 10, Duration.ofSeconds(30), 1));
		return new InboxSyncProperties(Path.of("."), wix, null, null, null,
				new InboxSyncProperties.Delivery(6, BACKOFF, Duration.ofMillis(500), 2.0, Duration.ofMinutes(1)), null,
				null, null, null);
	}

}

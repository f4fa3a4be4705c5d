package io.inboxsync.delivery;

import java.time.Clock;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.source.SourceActivity;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stages' retry policy, as the dead-letter channel applies it after each failed
 * attempt: whether there is another attempt, and how long before it.
 */
class DeliveryRetriesTest {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofMillis(1000);

	private static final Duration CIRCUIT_OPEN_FOR = Duration.ofSeconds(30);

	private static final int MAX_ATTEMPTS = 4;

	private final DeliveryRetries retries = new DeliveryRetries(
			new InboxSyncProperties.Delivery(MAX_ATTEMPTS, INITIAL_BACKOFF, MAX_BACKOFF, 2.0, Duration.ofMinutes(1), 1,
					"deliveries", Duration.ofDays(30)),
			CIRCUIT_OPEN_FOR, READ_TIMEOUT,
			new PipelineMetrics(new SimpleMeterRegistry(), new SourceActivity(Clock.systemUTC())));

	@Test
	void retryAfterInSecondsIsWhatWixAskedPlusAtMostTenPercent() {
		Exchange exchange = failedAt(Stage.SEND, wixAnswered(429, "3"));

		this.retries.process(exchange);

		assertThat(nextDelay(exchange)).isBetween(Duration.ofSeconds(3), Duration.ofMillis(3300));
	}

	@Test
	void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
		String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5));

		Duration delay = this.retries.delay(1, inFiveSeconds);

		assertThat(delay).isBetween(Duration.ofSeconds(3), Duration.ofMillis(5500));
		assertThat(DeliveryRetries.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
		assertThat(DeliveryRetries.parseRetryAfter("soon")).isNull();
	}

	@RepeatedTest(20)
	void backoffDoublesWithinTwentyPercentJitterAndStopsAtTheMaximum() {
		assertThat(this.retries.delay(1, null)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
		assertThat(this.retries.delay(2, null)).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
		assertThat(this.retries.delay(3, null)).isBetween(Duration.ofMillis(320), Duration.ofMillis(480));
		assertThat(this.retries.delay(10, null)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
	}

	@Test
	void aRetryableFailureIsRetriedUntilMaxAttemptsHaveFailed() {
		Exchange exchange = failedAt(Stage.CONVERSATION, wixAnswered(503, null));
		for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
			this.retries.process(exchange);
			assertThat(this.retries.shouldRetry(exchange)).as("after attempt %d", attempt).isTrue();
		}
		this.retries.process(exchange);

		assertThat(this.retries.shouldRetry(exchange)).isFalse();
		assertThat(DeliveryRetries.attempts(exchange)).isEqualTo(MAX_ATTEMPTS);
	}

	@Test
	void rateLimitingSpendsNoAttempt() {
		Exchange exchange = failedAt(Stage.SEND, wixAnswered(429, "1"));
		for (int i = 0; i < MAX_ATTEMPTS * 3; i++) {
			this.retries.process(exchange);
		}
		assertThat(this.retries.shouldRetry(exchange)).isTrue();

		exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new WixUnavailableException("paused", null));
		this.retries.process(exchange);

		assertThat(this.retries.shouldRetry(exchange)).isTrue();
		assertThat(nextDelay(exchange)).isEqualTo(CIRCUIT_OPEN_FOR);
		assertThat(DeliveryRetries.attempts(exchange)).isEqualTo(1);
	}

	@Test
	void whatWixRefusesIsNotRetried() {
		for (int status : new int[] { 400, 403, 404, 409 }) {
			Exchange exchange = failedAt(Stage.SEND, wixAnswered(status, null));
			this.retries.process(exchange);
			assertThat(this.retries.shouldRetry(exchange)).as("status %d", status).isFalse();
		}
	}

	@Test
	void theWixFailureIsFoundInsideCamelsWrapper() {
		Exchange exchange = failedAt(Stage.CONVERSATION,
				new RuntimeCamelException(new RuntimeCamelException(wixAnswered(429, "1"))));

		this.retries.process(exchange);

		assertThat(this.retries.shouldRetry(exchange)).isTrue();
	}

	@Test
	void aSendThatTimedOutIsCheckedNoSoonerThanTheReadTimeout() {
		Exchange exchange = failedAt(Stage.SEND, timeout());

		this.retries.process(exchange);

		assertThat(nextDelay(exchange)).isGreaterThanOrEqualTo(READ_TIMEOUT);
		assertThat(DeliveryRetries.maybeInWix(exchange)).isTrue();
	}

	@Test
	void aSendAnswered5xxIsCheckedNoSoonerThanTheReadTimeoutButALongerRetryAfterIsKept() {
		Exchange answered503 = failedAt(Stage.SEND, wixAnswered(503, null));
		Exchange answered503WithRetryAfter = failedAt(Stage.SEND, wixAnswered(503, "5"));

		this.retries.process(answered503);
		this.retries.process(answered503WithRetryAfter);

		assertThat(nextDelay(answered503)).isGreaterThanOrEqualTo(READ_TIMEOUT);
		assertThat(nextDelay(answered503WithRetryAfter)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void failuresThatSentNothingKeepTheirBackoffAndNeedNoCheck() {
		Exchange refused = failedAt(Stage.SEND, refused());
		Exchange conversationTimedOut = failedAt(Stage.CONVERSATION, timeout());
		Exchange rateLimited = failedAt(Stage.SEND, wixAnswered(429, null));

		for (Exchange exchange : new Exchange[] { refused, conversationTimedOut, rateLimited }) {
			this.retries.process(exchange);
			assertThat(nextDelay(exchange)).isLessThan(READ_TIMEOUT);
			assertThat(DeliveryRetries.maybeInWix(exchange)).isFalse();
		}
	}

	private static Exchange failedAt(Stage stage, Throwable failure) {
		Exchange exchange = new DefaultExchange(new DefaultCamelContext());
		exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
		exchange.setProperty(Exchange.FAILURE_ROUTE_ID, stage.routeId());
		exchange.getMessage().setBody(delivery().inConversation("conversation-1", Instant.now()));
		return exchange;
	}

	private static Duration nextDelay(Exchange exchange) {
		return Duration.ofMillis(exchange.getMessage().getHeader(Exchange.REDELIVERY_DELAY, Long.class));
	}

	private static Delivery delivery() {
		return Delivery.of(new InboxEvent("e1", "chat-tool", Instant.now(),
				new InboxEvent.Customer("jane@example.com", null, null),
				new InboxEvent.Message(InboxEvent.MessageKind.BASIC, "Hi", InboxEvent.Direction.PARTICIPANT_TO_BUSINESS,
						InboxEvent.Visibility.BUSINESS, null, null, null, null),
				null), "contact-1");
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

}

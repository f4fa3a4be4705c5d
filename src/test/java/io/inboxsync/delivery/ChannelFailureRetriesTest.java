package io.inboxsync.delivery;

import java.time.Clock;
import java.time.Duration;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.reply.ChannelException;
import io.inboxsync.source.SourceActivity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply channel's failures get the pipeline's retry policy: its 429 and 5xx, or no
 * answer, are tried again (after its Retry-After when it sends one); any other status is
 * final.
 */
class ChannelFailureRetriesTest {

	private final DeliveryRetries retries = new DeliveryRetries(
			new InboxSyncProperties.Delivery(4, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0,
					Duration.ofMinutes(1), 1, "deliveries", Duration.ofDays(30)),
			Duration.ofSeconds(30), Duration.ofSeconds(30),
			new PipelineMetrics(new SimpleMeterRegistry(), new SourceActivity(Clock.systemUTC())));

	@Test
	void a429Or5xxOrNoAnswerIsRetriedAndAnyOtherStatusIsNot() {
		assertThat(DeliveryRetries.isRetryable(ChannelException.answered("sms", 503, null, null))).isTrue();
		assertThat(DeliveryRetries.isRetryable(ChannelException.answered("sms", 429, null, null))).isTrue();
		assertThat(DeliveryRetries.isRetryable(ChannelException.unreachable("sms", "timeout"))).isTrue();
		assertThat(DeliveryRetries.isRetryable(ChannelException.answered("sms", 400, "bad number", null))).isFalse();
		assertThat(DeliveryRetries.isRetryable(ChannelException.refused("not configured"))).isFalse();
	}

	@Test
	void theChannelsRetryAfterSetsTheDelayAndA429SpendsNoAttempt() {
		Duration delay = this.retries.nextDelay(ChannelException.answered("sms", 429, null, "7"), 1, false);

		assertThat(delay).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7700));
		assertThat(DeliveryRetries.spendsAnAttempt(ChannelException.answered("sms", 429, null, "7"))).isFalse();
		assertThat(DeliveryRetries.spendsAnAttempt(ChannelException.answered("sms", 503, null, null))).isTrue();
	}

}

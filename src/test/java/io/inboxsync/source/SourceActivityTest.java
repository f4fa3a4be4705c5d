package io.inboxsync.source;

import java.time.Duration;
import java.time.Instant;

import io.inboxsync.MovingClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceActivityTest {

	@Test
	void countsWhatEachSourceReceivedInTheLastHourAndWhenTheLastCame() {
		MovingClock time = new MovingClock(Instant.parse("2026-11-30T10:00:30Z"));
		SourceActivity activity = new SourceActivity(time);
		activity.accepted("chat");
		activity.accepted("chat");
		time.advance(Duration.ofMinutes(30));
		activity.ignored("chat");
		activity.refused("chat");
		activity.accepted("sms");

		assertThat(activity.lastHour("chat")).hasValue(new SourceActivity.LastHour(2, 1, 1, time.instant()));
		assertThat(activity.lastHour("none")).isEmpty();
		time.advance(Duration.ofMinutes(32));
		assertThat(activity.lastHour("chat").orElseThrow().accepted()).isZero();
		assertThat(activity.lastHour("chat").orElseThrow().ignored()).isEqualTo(1);
		time.advance(Duration.ofHours(2));
		assertThat(activity.lastHour("chat").orElseThrow()).extracting("accepted", "ignored", "refused")
			.containsExactly(0L, 0L, 0L);
	}

}

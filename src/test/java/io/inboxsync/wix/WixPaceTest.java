package io.inboxsync.wix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.inboxsync.config.InboxSyncProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One instance's own pace, on a fake clock: turns evenly spaced, none beyond max-wait,
 * and no more in a minute than the setting.
 */
class WixPaceTest {

	/** 190 a minute: a turn every 315.8 ms. */
	static final long INTERVAL = (60_000_000_000L + 189) / 190;

	private final FakeTime time = new FakeTime();

	private final WixPace pace = WixPace.inProcess(new InboxSyncProperties.Wix.RateLimit(190, Duration.ofSeconds(10)),
			this.time, this.time);

	@Test
	void callersAtOneMomentBookEvenlySpacedTurnsAsFarAsMaxWait() {
		long start = this.time.now();
		List<Long> turns = new ArrayList<>();
		for (OptionalLong turn = this.time.turn(this.pace); turn.isPresent(); turn = this.time.turn(this.pace)) {
			turns.add(turn.getAsLong() - start);
		}

		// 0, 316 ms, ..., 9.79 s: the 33rd would come after 10 s.
		assertThat(turns).hasSize(32);
		for (int k = 0; k < turns.size(); k++) {
			assertThat(turns.get(k)).isCloseTo(k * INTERVAL, within(1_000L));
		}
	}

	@Test
	void aMinuteOfBacklogGetsTheMinutesTurnsAndNoMore() {
		List<Long> turns = backlog(this.time, 60, this.pace);

		assertThat(turnsWithin(turns, Duration.ofMinutes(1))).isEqualTo(190);
		assertThat(smallestGap(turns)).isGreaterThanOrEqualTo(INTERVAL - 1_000L);
	}

	@Test
	void anIdleSiteGivesOneTurnAtOnceNotABurst() {
		this.time.advance(Duration.ofMinutes(5));
		long start = this.time.now();

		assertThat(this.time.turn(this.pace)).hasValue(start);
		assertThat(this.time.turn(this.pace).getAsLong() - start).isGreaterThanOrEqualTo(INTERVAL - 1_000L);
	}

	/**
	 * Every caller asks again and again, each second for this many seconds, whichever
	 * pace it goes through, until every pace refuses: the most demand there can be.
	 * @return every turn given, in the order given
	 */
	static List<Long> backlog(FakeTime time, int seconds, WixPace... paces) {
		List<Long> turns = new ArrayList<>();
		for (int second = 0; second < seconds; second++) {
			boolean anyTurn = true;
			while (anyTurn) {
				anyTurn = false;
				for (WixPace pace : paces) {
					OptionalLong turn = time.turn(pace);
					turn.ifPresent(turns::add);
					anyTurn |= turn.isPresent();
				}
			}
			time.advance(Duration.ofSeconds(1));
		}
		return turns;
	}

	/** How many turns fall within this long after the first one. */
	static long turnsWithin(List<Long> turns, Duration window) {
		long first = turns.stream().mapToLong(Long::longValue).min().orElseThrow();
		return turns.stream().filter((turn) -> turn < first + window.toNanos()).count();
	}

	static long smallestGap(List<Long> turns) {
		long[] sorted = turns.stream().mapToLong(Long::longValue).sorted().toArray();
		long smallest = Long.MAX_VALUE;
		for (int i = 1; i < sorted.length; i++) {
			smallest = Math.min(smallest, sorted[i] - sorted[i - 1]);
		}
		return smallest;
	}

}

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
 * One instance's own pace, on a fake clock, with the default settings (190 a minute, a
 * burst of 5): the burst at once, then turns evenly spaced, none beyond max-wait, and no
 * more in a minute than the pace and the burst.
 */
class WixPaceTest {

	/** 190 a minute: a turn every 315.8 ms. */
	static final long INTERVAL = (60_000_000_000L + 189) / 190;

	static final int BURST = 5;

	private final FakeTime time = new FakeTime();

	private final WixPace pace = WixPace
		.inProcess(new InboxSyncProperties.Wix.RateLimit(190, BURST, Duration.ofSeconds(10)), this.time, this.time);

	@Test
	void callersAtOneMomentBookEvenlySpacedTurnsAsFarAsMaxWait() {
		long start = this.time.now();
		List<Long> turns = new ArrayList<>();
		for (OptionalLong turn = this.time.turn(this.pace); turn.isPresent(); turn = this.time.turn(this.pace)) {
			turns.add(turn.getAsLong() - start);
		}

		// 5 at once, then 316 ms, ..., 9.79 s: the next would come after 10 s.
		assertThat(turns).hasSize(BURST + 31);
		assertThat(turns.subList(0, BURST)).containsOnly(0L);
		for (int k = 1; k <= 31; k++) {
			assertThat(turns.get(BURST - 1 + k)).isCloseTo(k * INTERVAL, within(1_000L));
		}
	}

	@Test
	void aBacklogGetsThePaceAndTheBurstInAnyMinuteAndNoMore() {
		List<Long> turns = backlog(this.time, 180, this.pace);

		// Wix counts in one-minute windows: whichever minute it counts, at most 190 + 5.
		for (long start = 0; start < Duration.ofMinutes(2).toNanos(); start += INTERVAL / 3) {
			long from = turns.get(0) + start;
			long until = from + Duration.ofMinutes(1).toNanos();
			assertThat(turns.stream().filter((turn) -> turn >= from && turn < until).count())
				.isLessThanOrEqualTo(190 + BURST);
		}
		assertThat(turnsWithin(turns, Duration.ofMinutes(1))).isGreaterThanOrEqualTo(190);
		assertThat(smallestGap(turns.subList(BURST, turns.size()))).isGreaterThanOrEqualTo(INTERVAL - 1_000L);
	}

	@Test
	void anIdleSiteGivesItsBurstAtOnceThenEvenTurns() {
		this.time.advance(Duration.ofMinutes(5));
		long start = this.time.now();

		for (int k = 0; k < BURST; k++) {
			assertThat(this.time.turn(this.pace)).hasValue(start);
		}
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

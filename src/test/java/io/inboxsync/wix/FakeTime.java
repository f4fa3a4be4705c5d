package io.inboxsync.wix;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;

/**
 * Time for a pace under test: a wall clock that moves only when the test says so, and
 * callers that, instead of sleeping until their turn, note when it comes. So a test books
 * a minute of turns in a moment and knows each one's time exactly.
 */
final class FakeTime implements TimeMeter, BlockingStrategy {

	private final AtomicLong now = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));

	private final ThreadLocal<Long> waited = ThreadLocal.withInitial(() -> 0L);

	/**
	 * Asks the pace for a turn now.
	 * @return when the turn comes, in nanoseconds of this clock, or empty if the pace
	 * gave none
	 */
	OptionalLong turn(WixPace pace) {
		long asked = this.now.get();
		this.waited.set(0L);
		try {
			pace.awaitTurn();
			return OptionalLong.of(asked + this.waited.get());
		}
		catch (WixUnavailableException noTurn) {
			return OptionalLong.empty();
		}
	}

	long now() {
		return this.now.get();
	}

	void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	@Override
	public long currentTimeNanos() {
		return this.now.get();
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

	@Override
	public void park(long nanosToPark) {
		this.waited.set(nanosToPark);
	}

}

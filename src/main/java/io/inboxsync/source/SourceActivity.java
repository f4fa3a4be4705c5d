package io.inboxsync.source;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What each source received lately, in memory, for the console: payloads accepted (mapped
 * to an event and handed to the queue), ignored ({@code acceptWhen}) and refused (a
 * payload or request the source could not take), per minute over the last hour, and when
 * the last one came. Counted on this instance since it started.
 */
@Component
public class SourceActivity {

	/** Minutes kept: the last hour, and the minute in progress. */
	static final int MINUTES = 61;

	private final Map<String, Counts> bySource = new ConcurrentHashMap<>();

	private final Clock clock;

	@Autowired
	public SourceActivity(ObjectProvider<Clock> clock) {
		this(clock.getIfUnique(Clock::systemUTC));
	}

	public SourceActivity(Clock clock) {
		this.clock = clock;
	}

	public void accepted(String source) {
		counts(source).add(Outcome.ACCEPTED, this.clock.instant());
	}

	public void ignored(String source) {
		counts(source).add(Outcome.IGNORED, this.clock.instant());
	}

	public void refused(String source) {
		counts(source).add(Outcome.REFUSED, this.clock.instant());
	}

	/** The source's counts over the last hour; empty when it received nothing yet. */
	public Optional<LastHour> lastHour(String source) {
		Counts counts = this.bySource.get(source);
		return (counts != null) ? Optional.of(counts.lastHour(this.clock.instant())) : Optional.empty();
	}

	private Counts counts(String source) {
		return this.bySource.computeIfAbsent(source, (name) -> new Counts());
	}

	private static long minute(Instant time) {
		return time.getEpochSecond() / 60;
	}

	/**
	 * @param lastEventAt when the source last received a payload, whatever became of it
	 */
	public record LastHour(long accepted, long ignored, long refused, Instant lastEventAt) {
	}

	private enum Outcome {

		ACCEPTED, IGNORED, REFUSED

	}

	/**
	 * A ring of minutes per outcome; a slot holding an older minute than the one counted
	 * is reset first.
	 */
	private static final class Counts {

		private final AtomicLongArray minuteOfSlot = new AtomicLongArray(MINUTES);

		private final AtomicLongArray[] counts = { new AtomicLongArray(MINUTES), new AtomicLongArray(MINUTES),
				new AtomicLongArray(MINUTES) };

		private volatile Instant lastEventAt;

		synchronized void add(Outcome outcome, Instant now) {
			long minute = minute(now);
			int slot = (int) (minute % MINUTES);
			if (this.minuteOfSlot.get(slot) != minute) {
				this.minuteOfSlot.set(slot, minute);
				for (AtomicLongArray count : this.counts) {
					count.set(slot, 0);
				}
			}
			this.counts[outcome.ordinal()].incrementAndGet(slot);
			this.lastEventAt = now;
		}

		long in(Outcome outcome, long minute) {
			int slot = (int) (minute % MINUTES);
			return (this.minuteOfSlot.get(slot) == minute) ? this.counts[outcome.ordinal()].get(slot) : 0;
		}

		synchronized LastHour lastHour(Instant now) {
			long current = minute(now);
			long[] sums = new long[Outcome.values().length];
			for (long minute = current - MINUTES + 1; minute <= current; minute++) {
				for (Outcome outcome : Outcome.values()) {
					sums[outcome.ordinal()] += in(outcome, minute);
				}
			}
			return new LastHour(sums[0], sums[1], sums[2], this.lastEventAt);
		}

	}

}

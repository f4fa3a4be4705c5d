package io.inboxsync.console;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.wix.WixCallMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-minute rates of a few counters, for the console's "Now": the meters' totals are
 * sampled every few seconds and a rate is the growth over the last minute. A meter that
 * does not exist (yet) has no rate, and the console says "n/a" rather than 0.
 */
@Component
class MeterRates {

	/** Events the sources accepted. */
	static final List<MeterName> ACCEPTED = List.of(new MeterName(PipelineMetrics.ACCEPTED));

	/** Deliveries Wix accepted. */
	static final List<MeterName> DELIVERED = List.of(new MeterName(PipelineMetrics.DELIVERED));

	/** Calls to Wix, whatever their answer. */
	static final List<MeterName> WIX_CALLS = List.of(new MeterName(WixCallMetrics.CALLS));

	private static final long SAMPLE_EVERY_SECONDS = 5;

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final MeterRegistry meters;

	private final Map<List<MeterName>, Deque<Sample>> samples = new ConcurrentHashMap<>();

	MeterRates(MeterRegistry meters) {
		this.meters = meters;
	}

	@Scheduled(fixedRate = SAMPLE_EVERY_SECONDS, timeUnit = TimeUnit.SECONDS)
	void sample() {
		long now = System.nanoTime();
		for (List<MeterName> names : List.of(ACCEPTED, DELIVERED, WIX_CALLS)) {
			OptionalDouble total = total(names);
			Deque<Sample> history = this.samples.computeIfAbsent(names, (key) -> new ArrayDeque<>());
			synchronized (history) {
				if (total.isEmpty()) {
					history.clear();
					continue;
				}
				history.addLast(new Sample(now, total.getAsDouble()));
				while (history.size() > WINDOW.toSeconds() / SAMPLE_EVERY_SECONDS + 1) {
					history.removeFirst();
				}
			}
		}
	}

	/**
	 * Per minute over the last minute (or as long as it was sampled); empty without a
	 * meter or before two samples.
	 */
	OptionalDouble perMinute(List<MeterName> names) {
		Deque<Sample> history = this.samples.get(names);
		if (history == null) {
			return OptionalDouble.empty();
		}
		synchronized (history) {
			if (history.size() < 2) {
				return OptionalDouble.empty();
			}
			Sample first = history.getFirst();
			Sample last = history.getLast();
			double minutes = (last.nanos() - first.nanos()) / 60e9;
			return OptionalDouble.of(Math.max(0, last.total() - first.total()) / minutes);
		}
	}

	/** The summed count of the first of the names that has meters. */
	OptionalDouble total(List<MeterName> names) {
		for (MeterName name : names) {
			Search search = this.meters.find(name.name()).tags(name.tags());
			double total = 0;
			boolean found = false;
			for (Meter meter : search.meters()) {
				if (meter instanceof Counter counter) {
					total += counter.count();
					found = true;
				}
				else if (meter instanceof FunctionCounter counter) {
					total += counter.count();
					found = true;
				}
				else if (meter instanceof Timer timer) {
					total += timer.count();
					found = true;
				}
			}
			if (found) {
				return OptionalDouble.of(total);
			}
		}
		return OptionalDouble.empty();
	}

	record MeterName(String name, List<Tag> tags) {

		MeterName(String name, Tag... tags) {
			this(name, List.of(tags));
		}

	}

	private record Sample(long nanos, double total) {
	}

}

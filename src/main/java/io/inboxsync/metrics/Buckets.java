package io.inboxsync.metrics;

import java.time.Duration;

/**
 * The histogram buckets of inbox-sync's timers: a dozen fixed ones each, enough for p50
 * and p99 in Grafana, where Micrometer's default percentile histogram would publish about
 * seventy series per tag set.
 */
public final class Buckets {

	/**
	 * A Wix call: Wix answers in tens of milliseconds, and gives up after read-timeout.
	 */
	public static final Duration[] WIX_CALL = millis(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000);

	/**
	 * An event from the intake queue to Wix: a fraction of a second normally, up to the
	 * retries' minutes when Wix is down. Fine below 250 ms, where the latency objectives
	 * (50 ms at the median, 250 ms at p99) need a quantile read within a bucket.
	 */
	public static final Duration[] DELIVERY_LATENCY = millis(10, 25, 50, 75, 100, 150, 250, 500, 1_000, 2_500, 5_000,
			10_000, 30_000, 60_000, 300_000, 600_000);

	/** Waiting for a turn of the site's pace: nothing, or up to max-wait. */
	public static final Duration[] PACE_WAIT = millis(1, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

	private Buckets() {
	}

	private static Duration[] millis(long... bounds) {
		Duration[] durations = new Duration[bounds.length];
		for (int i = 0; i < bounds.length; i++) {
			durations[i] = Duration.ofMillis(bounds[i]);
		}
		return durations;
	}

}

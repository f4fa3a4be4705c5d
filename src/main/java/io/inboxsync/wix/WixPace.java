package io.inboxsync.wix;

import java.time.Duration;

import javax.sql.DataSource;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketExceptions.BucketExecutionException;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.inboxsync.config.InboxSyncProperties;

/**
 * Turns to call one Wix site, which allows about 200 calls a minute: a token bucket that
 * holds a few turns (the burst) and gets them back evenly (190 a minute is a turn every
 * 316 ms). An idle site's next event takes its few calls at once; a backlog gets evenly
 * spaced turns, never a minute's worth at its start. A turn that is not free yet is
 * booked, and the caller waits for it, at most max-wait. The bucket lives in memory for a
 * single instance, or in the database (table {@code inbox_sync_wix_pace}, a row per site)
 * that several instances share, so that together they stay under the site's limit.
 */
public final class WixPace {

	private static final String TABLE = "inbox_sync_wix_pace";

	private final Bucket turns;

	private final Duration maxWait;

	private final BlockingStrategy waiting;

	private final boolean shared;

	private WixPace(Bucket turns, Duration maxWait, BlockingStrategy waiting, boolean shared) {
		this.turns = turns;
		this.maxWait = maxWait;
		this.waiting = waiting;
		this.shared = shared;
	}

	/** This instance's own pace, for a single instance. */
	public static WixPace inProcess(InboxSyncProperties.Wix.RateLimit pace) {
		return inProcess(pace, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
	}

	static WixPace inProcess(InboxSyncProperties.Wix.RateLimit pace, TimeMeter clock, BlockingStrategy waiting) {
		Bucket turns = Bucket.builder().addLimit(turns(pace)).withCustomTimePrecision(clock).build();
		return new WixPace(turns, pace.maxWait(), waiting, false);
	}

	/**
	 * The site's pace, kept in the database and shared with every instance using it. The
	 * site's bucket takes this instance's settings: with different settings, the instance
	 * started last sets the pace for all.
	 */
	public static WixPace shared(DataSource database, String site, InboxSyncProperties.Wix.RateLimit pace) {
		// Wall-clock time, the one clock instances on different machines have in common.
		return shared(database, site, pace, TimeMeter.SYSTEM_MILLISECONDS, BlockingStrategy.PARKING);
	}

	static WixPace shared(DataSource database, String site, InboxSyncProperties.Wix.RateLimit pace, TimeMeter clock,
			BlockingStrategy waiting) {
		ProxyManager<String> sites = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			.table(TABLE)
			.idColumn("site")
			.stateColumn("state")
			.clientClock(clock)
			.build();
		BucketConfiguration settings = BucketConfiguration.builder().addLimit(turns(pace)).build();
		Bucket turns = sites.builder().build(site, () -> settings);
		turns.replaceConfiguration(settings, TokensInheritanceStrategy.AS_IS);
		return new WixPace(turns, pace.maxWait(), waiting, true);
	}

	private static Bandwidth turns(InboxSyncProperties.Wix.RateLimit pace) {
		// Refilled continuously (greedy), a turn every interval: once the burst is
		// spent, two turns are a full interval apart. Rounded up, so that no minute
		// holds one more.
		long interval = (60_000_000_000L + pace.requestsPerMinute() - 1) / pace.requestsPerMinute();
		return Bandwidth.builder()
			.capacity(pace.burst())
			.refillGreedy(pace.burst(), Duration.ofNanos(interval * pace.burst()))
			.build();
	}

	/**
	 * Waits for the next free turn and takes it.
	 * @throws WixUnavailableException if no turn is free within max-wait (none is taken
	 * then), or the shared pace cannot be read
	 */
	public void awaitTurn() {
		boolean turn;
		try {
			turn = (this.maxWait.compareTo(Duration.ZERO) > 0)
					? this.turns.asBlocking().tryConsume(1, this.maxWait, this.waiting) : this.turns.tryConsume(1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WixUnavailableException("interrupted while waiting for a turn to call Wix", ex);
		}
		catch (BucketExecutionException ex) {
			throw new WixUnavailableException("no turn to call Wix: the shared pace in the database is out of reach",
					ex);
		}
		if (!turn) {
			throw new WixUnavailableException("no turn to call Wix within the rate limit's max-wait", null);
		}
	}

	/** Whether other instances using the same database share this pace. */
	public boolean isShared() {
		return this.shared;
	}

}

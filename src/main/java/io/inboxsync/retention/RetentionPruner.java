package io.inboxsync.retention;

import java.sql.DatabaseMetaData;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import io.inboxsync.deadletter.ReplayJob;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Deletes what inbox-sync no longer needs: the delivery ledger's rows older than its
 * retention, and dead letters closed and replay jobs finished longer ago than theirs
 * (open dead letters and running jobs stay, whatever their age). Each statement deletes
 * one batch and commits on its own, so none holds its row locks for long; and a run holds
 * a lock in the database, so that of several instances sharing it one prunes at a time.
 */
public class RetentionPruner {

	private static final Logger log = LoggerFactory.getLogger(RetentionPruner.class);

	/** The pruning's row in {@code inbox_sync_lock}. */
	static final String LOCK_NAME = "inbox-sync-retention";

	private static final int BATCH_SIZE = 1000;

	/**
	 * A run stops after this long (a large backlog is left to the next runs), well before
	 * the lock expires, so two instances never prune at once.
	 */
	private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

	/** A lock whose instance died while pruning frees itself after this. */
	private static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(30);

	// PostgreSQL has no "delete ... limit": row values and "limit" in a subquery, each
	// found by its primary key.
	private static final String DELETE_LEDGER_ROWS = "delete from inbox_sync_delivery "
			+ "where (processor_name, delivery_key) in (select processor_name, delivery_key from inbox_sync_delivery "
			+ "where delivered_at < ? limit ?)";

	// H2 looks row values up by no index: the statement above read every row of the
	// ledger for each batch (seconds at a million rows). H2 has "delete ... limit".
	private static final String DELETE_LEDGER_ROWS_ON_H2 = "delete from inbox_sync_delivery where delivered_at < ? "
			+ "fetch first ? rows only";

	private static final String DELETE_CLOSED_DEAD_LETTERS = "delete from inbox_sync_dead_letter "
			+ "where id in (select id from inbox_sync_dead_letter where status <> 'OPEN' and closed_at < ? limit ?)";

	// A finished job's items went when it finished; its row is the record of what it did,
	// kept as long as the dead letters it closed.
	private static final String DELETE_FINISHED_REPLAY_JOBS = "delete from inbox_sync_replay_job "
			+ "where id in (select id from inbox_sync_replay_job where status <> '" + ReplayJob.Status.RUNNING.name()
			+ "' and finished_at < ? limit ?)";

	// What a channel took for a reply, kept for a failure it reports later: as long as
	// the ledger's rows.
	private static final String DELETE_SENT_REPLIES = "delete from inbox_sync_reply_sent where channel_message_id in "
			+ "(select channel_message_id from inbox_sync_reply_sent where sent_at < ? limit ?)";

	private final JdbcClient jdbc;

	private final String deleteLedgerRows;

	private final LockProvider locks;

	private final Duration ledgerRetention;

	private final Duration closedDeadLetterRetention;

	private final int batchSize;

	private final Duration runLimit;

	public RetentionPruner(DataSource dataSource, Duration ledgerRetention, Duration closedDeadLetterRetention) {
		this(dataSource, ledgerRetention, closedDeadLetterRetention, BATCH_SIZE, RUN_LIMIT);
	}

	RetentionPruner(DataSource dataSource, Duration ledgerRetention, Duration closedDeadLetterRetention, int batchSize,
			Duration runLimit) {
		this.jdbc = JdbcClient.create(dataSource);
		this.deleteLedgerRows = isH2(dataSource) ? DELETE_LEDGER_ROWS_ON_H2 : DELETE_LEDGER_ROWS;
		this.locks = locks(dataSource);
		this.ledgerRetention = ledgerRetention;
		this.closedDeadLetterRetention = closedDeadLetterRetention;
		this.batchSize = batchSize;
		this.runLimit = runLimit;
	}

	private static boolean isH2(DataSource dataSource) {
		try {
			return "H2".equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not tell which database holds the delivery ledger", ex);
		}
	}

	/**
	 * The locks in {@code inbox_sync_lock}, timed by the database's clock so that
	 * instances whose clocks differ still agree when a lock expires.
	 */
	static LockProvider locks(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.withTableName("inbox_sync_lock")
			.usingDbTime()
			.build());
	}

	/**
	 * Prunes until nothing is left to prune or the run's time is up.
	 * @return how many rows went, or empty when another instance is pruning
	 */
	public Optional<Pruned> prune() {
		Optional<SimpleLock> lock = this.locks
			.lock(new LockConfiguration(Instant.now(), LOCK_NAME, LOCK_AT_MOST_FOR, Duration.ZERO));
		if (lock.isEmpty()) {
			log.debug("Another instance is pruning; not pruning now");
			return Optional.empty();
		}
		try {
			Instant now = Instant.now();
			Instant deadline = now.plus(this.runLimit);
			Instant deliveredBefore = now.minus(this.ledgerRetention);
			Instant closedBefore = now.minus(this.closedDeadLetterRetention);
			// Dead letters first: few rows, which a large ledger backlog must not starve.
			long deadLetters = deleteInBatches(DELETE_CLOSED_DEAD_LETTERS, closedBefore, deadline);
			long replayJobs = deleteInBatches(DELETE_FINISHED_REPLAY_JOBS, closedBefore, deadline);
			long ledgerRows = deleteInBatches(this.deleteLedgerRows, deliveredBefore, deadline)
					+ deleteInBatches(DELETE_SENT_REPLIES, deliveredBefore, deadline);
			Pruned pruned = new Pruned(ledgerRows, deadLetters, replayJobs);
			if (ledgerRows > 0 || deadLetters > 0 || replayJobs > 0) {
				log.info(
						"Pruned {} delivery ledger rows (delivered before {}), {} dead letters and {} replay jobs "
								+ "(closed or finished before {})",
						ledgerRows, deliveredBefore, deadLetters, replayJobs, closedBefore);
			}
			return Optional.of(pruned);
		}
		finally {
			lock.get().unlock();
		}
	}

	private long deleteInBatches(String delete, Instant before, Instant deadline) {
		long deleted = 0;
		int batch;
		do {
			batch = this.jdbc.sql(delete).params(Timestamp.from(before), this.batchSize).update();
			deleted += batch;
		}
		while (batch == this.batchSize && Instant.now().isBefore(deadline));
		return deleted;
	}

	/** What one run deleted. */
	public record Pruned(long ledgerRows, long deadLetters, long replayJobs) {
	}

}

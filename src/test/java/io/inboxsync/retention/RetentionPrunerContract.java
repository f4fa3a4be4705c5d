package io.inboxsync.retention;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.inboxsync.deadletter.DeadLetter;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.delivery.DeliveryLedgerConfiguration;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What pruning promises, on any database the service supports: each subclass runs these
 * against one, with the schema made by the service's own migrations, and the default
 * retentions (30 days for the ledger, 90 for closed dead letters).
 */
abstract class RetentionPrunerContract {

	private static final Duration LEDGER_RETENTION = Duration.ofDays(30);

	private static final Duration CLOSED_RETENTION = Duration.ofDays(90);

	private JdbcClient jdbc;

	private DeadLetterStore store;

	private JdbcMessageIdRepository ledger;

	protected abstract DataSource dataSource();

	@BeforeEach
	void migrate() throws Exception {
		Flyway.configure().dataSource(dataSource()).table("inbox_sync_schema_history").load().migrate();
		this.jdbc = JdbcClient.create(dataSource());
		this.store = new DeadLetterStore(dataSource());
		this.ledger = DeliveryLedgerConfiguration.deliveryLedger(dataSource());
		this.ledger.start();
	}

	@Test
	void ledgerRowsOlderThanTheRetentionGoAndNewerOnesStay() {
		String old = deliveredAgo(Duration.ofDays(31));
		String almostOld = deliveredAgo(Duration.ofDays(29));
		String fresh = deliveredAgo(Duration.ZERO);

		assertThat(pruner(dataSource()).prune())
			.hasValueSatisfying((pruned) -> assertThat(pruned.ledgerRows()).isPositive());

		assertThat(this.ledger.contains(old)).isFalse();
		assertThat(this.ledger.contains(almostOld)).isTrue();
		assertThat(this.ledger.contains(fresh)).isTrue();
	}

	@Test
	void repliesAChannelTookAreForgottenWithTheLedger() {
		this.jdbc
			.sql("insert into inbox_sync_reply_sent (channel_message_id, reply, part, parts, sent_at) "
					+ "values ('wamid.old', '{}', 0, 1, ?), ('wamid.new', '{}', 0, 1, ?)")
			.params(ago(Duration.ofDays(31)), ago(Duration.ofDays(29)))
			.update();

		assertThat(pruner(dataSource()).prune()).isPresent();

		assertThat(this.jdbc.sql("select channel_message_id from inbox_sync_reply_sent").query(String.class).list())
			.containsExactly("wamid.new");
	}

	@Test
	void deadLettersClosedLongerAgoThanTheirRetentionGoAndOpenOnesStayWhateverTheirAge() {
		DeadLetter replayedLongAgo = closedAgo(DeadLetter.Status.REPLAYED, Duration.ofDays(91));
		DeadLetter discardedLongAgo = closedAgo(DeadLetter.Status.DISCARDED, Duration.ofDays(91));
		DeadLetter replayedLately = closedAgo(DeadLetter.Status.REPLAYED, Duration.ofDays(89));
		DeadLetter openForAYear = deadLetter();
		this.jdbc.sql("update inbox_sync_dead_letter set first_failed_at = ?, last_failed_at = ? where id = ?")
			.params(ago(Duration.ofDays(365)), ago(Duration.ofDays(365)), openForAYear.id())
			.update();

		assertThat(pruner(dataSource()).prune())
			.hasValueSatisfying((pruned) -> assertThat(pruned.deadLetters()).isGreaterThanOrEqualTo(2));

		assertThat(this.store.find(replayedLongAgo.id())).isEmpty();
		assertThat(this.store.find(discardedLongAgo.id())).isEmpty();
		assertThat(this.store.find(replayedLately.id())).isPresent();
		assertThat(this.store.find(openForAYear.id()))
			.hasValueSatisfying((deadLetter) -> assertThat(deadLetter.status()).isEqualTo(DeadLetter.Status.OPEN));
	}

	@Test
	void replayJobsFinishedLongerAgoThanTheRetentionGoAndRunningOnesStay() {
		String doneLongAgo = replayJob("DONE", Duration.ofDays(91), Duration.ofDays(91));
		String cancelledLongAgo = replayJob("CANCELLED", Duration.ofDays(92), Duration.ofDays(91));
		String doneLately = replayJob("DONE", Duration.ofDays(92), Duration.ofDays(89));
		String runningForMonths = replayJob("RUNNING", Duration.ofDays(120), null);

		assertThat(pruner(dataSource()).prune())
			.hasValueSatisfying((pruned) -> assertThat(pruned.replayJobs()).isGreaterThanOrEqualTo(2));

		assertThat(replayJobs(doneLongAgo, cancelledLongAgo)).isZero();
		assertThat(replayJobs(doneLately, runningForMonths)).isEqualTo(2);
	}

	@Test
	void aReplayWithinTheRetentionStillFindsTheLedger() {
		// An event delivered to one of its customer's contacts 29 days ago, and whose
		// copy
		// (sent again by its source) failed at the lookup: replaying that dead letter
		// looks
		// the event up again, and the ledger must still hold the first contact's
		// delivery.
		String eventId = UUID.randomUUID().toString();
		String deliveredToFirstContact = "chat-tool/" + eventId + "/c-1";
		this.ledger.add(deliveredToFirstContact);
		age(deliveredToFirstContact, Duration.ofDays(29));
		DeadLetter lookupFailed = this.store.record(new DeadLetterStore.Failure(eventId, "chat-tool", null, "lookup",
				"gave up after 10 attempts: Wix answered 503", 503, 10, "{\"eventId\": \"" + eventId + "\"}", null));
		deliveredAgo(Duration.ofDays(31));

		assertThat(pruner(dataSource()).prune()).isPresent();

		assertThat(this.store.find(lookupFailed.id())).isPresent();
		assertThat(this.ledger.contains(deliveredToFirstContact)).isTrue();
		assertThat(this.ledger.add(deliveredToFirstContact)).isFalse();
	}

	@Test
	void aRunDeletesBatchAfterBatchUntilNoneAreLeft() {
		String[] old = new String[5];
		for (int i = 0; i < old.length; i++) {
			old[i] = deliveredAgo(Duration.ofDays(40));
		}

		Optional<RetentionPruner.Pruned> pruned = new RetentionPruner(dataSource(), LEDGER_RETENTION, CLOSED_RETENTION,
				2, Duration.ofMinutes(10))
			.prune();

		assertThat(pruned).hasValueSatisfying((rows) -> assertThat(rows.ledgerRows()).isGreaterThanOrEqualTo(5));
		for (String key : old) {
			assertThat(this.ledger.contains(key)).isFalse();
		}
	}

	@Test
	void aRunWhoseTimeIsUpLeavesTheRestToTheNextRun() {
		String[] old = new String[5];
		for (int i = 0; i < old.length; i++) {
			old[i] = deliveredAgo(Duration.ofDays(40));
		}
		RetentionPruner outOfTime = new RetentionPruner(dataSource(), LEDGER_RETENTION, CLOSED_RETENTION, 2,
				Duration.ZERO);

		assertThat(outOfTime.prune()).hasValue(new RetentionPruner.Pruned(2, 0, 0));
		assertThat(remaining(old)).isEqualTo(3);
		assertThat(outOfTime.prune()).hasValue(new RetentionPruner.Pruned(2, 0, 0));
		assertThat(outOfTime.prune()).hasValueSatisfying((pruned) -> assertThat(pruned.ledgerRows()).isPositive());
		assertThat(remaining(old)).isZero();
	}

	@Test
	void whileAnotherInstanceHoldsTheLockNothingIsPruned() {
		String old = deliveredAgo(Duration.ofDays(31));
		Optional<SimpleLock> otherInstance = RetentionPruner.locks(dataSource())
			.lock(new LockConfiguration(Instant.now(), RetentionPruner.LOCK_NAME, Duration.ofMinutes(5),
					Duration.ZERO));
		assertThat(otherInstance).isPresent();
		RetentionPruner pruner = pruner(dataSource());
		try {
			assertThat(pruner.prune()).isEmpty();
			assertThat(this.ledger.contains(old)).isTrue();
		}
		finally {
			otherInstance.get().unlock();
		}

		assertThat(pruner.prune()).isPresent();
		assertThat(this.ledger.contains(old)).isFalse();
	}

	@Test
	void twoPrunersOnOneDatabaseDoNotPruneAtOnce() {
		String old = deliveredAgo(Duration.ofDays(31));
		RetentionPruner second = pruner(dataSource());
		AtomicReference<Optional<RetentionPruner.Pruned>> secondWhileFirstPrunes = new AtomicReference<>();
		RetentionPruner first = pruner(onFirstDelete(dataSource(), () -> secondWhileFirstPrunes.set(second.prune())));

		assertThat(first.prune()).isPresent();

		assertThat(secondWhileFirstPrunes.get()).isEmpty();
		assertThat(this.ledger.contains(old)).isFalse();
		assertThat(second.prune()).as("the lock, free again once the first is done").isPresent();
	}

	private String replayJob(String status, Duration startedAgo, Duration finishedAgo) {
		String id = UUID.randomUUID().toString();
		this.jdbc
			.sql("insert into inbox_sync_replay_job (id, status, total, replayed, skipped, failed, started_at, "
					+ "finished_at) values (?, ?, 1, 1, 0, 0, ?, ?)")
			.params(id, status, ago(startedAgo), (finishedAgo != null) ? ago(finishedAgo) : null)
			.update();
		return id;
	}

	private long replayJobs(String... ids) {
		return this.jdbc.sql("select count(*) from inbox_sync_replay_job where id in (?, ?)")
			.params((Object[]) ids)
			.query(Long.class)
			.single();
	}

	private static RetentionPruner pruner(DataSource dataSource) {
		return new RetentionPruner(dataSource, LEDGER_RETENTION, CLOSED_RETENTION);
	}

	/** A ledger key for a delivery Wix accepted this long ago. */
	private String deliveredAgo(Duration age) {
		String key = "chat-tool/" + UUID.randomUUID() + "/c-1";
		assertThat(this.ledger.add(key)).isTrue();
		age(key, age);
		return key;
	}

	private void age(String key, Duration age) {
		this.jdbc.sql("update inbox_sync_delivery set delivered_at = ? where delivery_key = ?")
			.params(ago(age), key)
			.update();
	}

	private long remaining(String[] keys) {
		return Arrays.stream(keys).filter(this.ledger::contains).count();
	}

	private DeadLetter deadLetter() {
		String eventId = UUID.randomUUID().toString();
		return this.store.record(new DeadLetterStore.Failure(eventId, "chat-tool", "c-1", "send",
				"Wix answered 400 to POST /inbox/v2/messages", 400, 1, "{\"eventId\": \"" + eventId + "\"}", null));
	}

	private DeadLetter closedAgo(DeadLetter.Status status, Duration age) {
		DeadLetter deadLetter = deadLetter();
		assertThat(this.store.close(deadLetter.id(), status)).isTrue();
		this.jdbc.sql("update inbox_sync_dead_letter set closed_at = ? where id = ?")
			.params(ago(age), deadLetter.id())
			.update();
		return deadLetter;
	}

	private static Timestamp ago(Duration age) {
		return Timestamp.from(Instant.now().minus(age));
	}

	/**
	 * The database, which runs {@code action} when the first delete is about to be
	 * prepared: while a pruner prunes.
	 */
	private static DataSource onFirstDelete(DataSource dataSource, Runnable action) {
		AtomicBoolean done = new AtomicBoolean();
		return new DelegatingDataSource(dataSource) {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
									&& sql.startsWith("delete") && done.compareAndSet(false, true)) {
								action.run();
							}
							try {
								return method.invoke(connection, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

		};
	}

}

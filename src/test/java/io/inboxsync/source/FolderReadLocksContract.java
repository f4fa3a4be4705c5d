package io.inboxsync.source;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CliConnectorFactory;
import org.awaitility.Awaitility;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the folder read locks promise instances sharing a database, on any database the
 * service supports: each subclass runs these against one, with the schema made by the
 * service's own migrations. Each {@link FolderReadLocks} here plays one instance.
 */
abstract class FolderReadLocksContract {

	private static final Duration EXPIRY = Duration.ofSeconds(1);

	private final DefaultCamelContext camelContext = new DefaultCamelContext();

	private final List<FolderReadLocks> instances = new ArrayList<>();

	private JdbcTemplate jdbc;

	protected abstract DataSource dataSource();

	@BeforeEach
	void migrate() {
		Flyway.configure().dataSource(dataSource()).table("inbox_sync_schema_history").load().migrate();
		this.jdbc = new JdbcTemplate(dataSource());
		// A second Camel in the test JVM: with Camel JBang's connector, stopping it would
		// stop the tests' shared one too (the connectors share their files under
		// ~/.camel).
		this.camelContext.getCamelContextExtension().getContextPlugin(CliConnectorFactory.class).setEnabled(false);
		this.camelContext.start();
	}

	@AfterEach
	void stop() {
		this.instances.forEach(FolderReadLocks::shutdown);
		this.camelContext.stop();
	}

	@Test
	void oneInstanceAtATimeHoldsAFileAndOnlyTheHolderReleasesIt() {
		FolderReadLocks a = instance();
		FolderReadLocks b = instance();
		String file = file();

		assertThat(a.add(file)).isTrue();
		assertThat(b.add(file)).isFalse();
		assertThat(a.add(file)).isFalse();
		assertThat(b.remove(file)).isFalse();
		assertThat(b.add(file)).isFalse();
		assertThat(a.remove(file)).isTrue();
		assertThat(b.add(file)).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT locked_by FROM inbox_sync_folder_lock WHERE lock_key = ?",
				String.class, file))
			.isEqualTo(b.holder());
	}

	@Test
	void theLockOfADeadInstanceHoldsItsFileUntilItExpiresThenOneInstanceTakesItAndKeepsIt() {
		FolderReadLocks a = instance();
		FolderReadLocks b = instance();
		String recent = file();
		String expired = file();
		leftByADeadInstance(recent, Instant.now());
		leftByADeadInstance(expired, Instant.now().minus(EXPIRY.multipliedBy(2)));

		assertThat(a.add(recent)).isFalse();
		assertThat(a.add(expired)).isTrue();
		assertThat(b.add(expired)).isFalse();

		// Renewed by its new holder: still held after more than an expiry.
		Awaitility.await()
			.during(EXPIRY.multipliedBy(2))
			.atMost(EXPIRY.multipliedBy(4))
			.until(() -> b.contains(expired) && !b.add(expired));
		Awaitility.await().atMost(EXPIRY.multipliedBy(4)).until(() -> b.add(recent));
	}

	@Test
	void ofInstancesRacingForAnExpiredLockExactlyOneGetsIt() throws Exception {
		String expired = file();
		leftByADeadInstance(expired, Instant.now().minus(EXPIRY.multipliedBy(2)));
		List<FolderReadLocks> racing = List.of(instance(), instance(), instance(), instance());
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(racing.size());
		try {
			List<Future<Boolean>> taken = new ArrayList<>();
			for (FolderReadLocks instance : racing) {
				taken.add(threads.submit(() -> {
					start.await();
					return instance.add(expired);
				}));
			}
			start.countDown();
			int winners = 0;
			for (Future<Boolean> each : taken) {
				winners += each.get() ? 1 : 0;
			}
			assertThat(winners).isEqualTo(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void anInstanceThatStopsReleasesItsOwnLocksOnly() {
		FolderReadLocks a = instance();
		FolderReadLocks b = instance();
		FolderReadLocks c = instance();
		String ofA = file();
		String ofB = file();
		assertThat(a.add(ofA)).isTrue();
		assertThat(b.add(ofB)).isTrue();

		a.stop();

		assertThat(c.add(ofA)).isTrue();
		assertThat(c.add(ofB)).isFalse();
	}

	private FolderReadLocks instance() {
		FolderReadLocks instance = new FolderReadLocks(dataSource(), this.camelContext, EXPIRY);
		instance.start();
		this.instances.add(instance);
		return instance;
	}

	private void leftByADeadInstance(String file, Instant lockedAt) {
		this.jdbc.update(
				"INSERT INTO inbox_sync_folder_lock (processor_name, lock_key, locked_at, locked_by)"
						+ " VALUES (?, ?, ?, ?)",
				FolderReadLocks.PROCESSOR_NAME, file, Timestamp.from(lockedAt), "dead-instance");
	}

	private static String file() {
		return "test-source/" + UUID.randomUUID() + ".jsonl";
	}

}

package io.inboxsync.wix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import io.inboxsync.PostgresTestDatabase;
import io.inboxsync.config.InboxSyncProperties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Two instances (two paces, each with its own connection to the database, as two
 * processes would have) sharing one site's pace in the test run's PostgreSQL: together
 * they get no more turns than one would, evenly spaced.
 */
class SharedWixPaceTest {

	private static HikariDataSource database;

	/** A site of its own per test, so tests never share a bucket. */
	private final String site = UUID.randomUUID().toString();

	private final FakeTime time = new FakeTime();

	@BeforeAll
	static void migrate() {
		database = new HikariDataSource();
		database.setDataSource(PostgresTestDatabase.server().getPostgresDatabase());
		database.setMaximumPoolSize(8);
		Flyway.configure().dataSource(database).table("inbox_sync_schema_history").load().migrate();
	}

	@AfterAll
	static void close() {
		database.close();
	}

	@Test
	void callersOfTwoInstancesAtOneMomentBookOneSetOfEvenlySpacedTurns() throws Exception {
		WixPace first = instance(190, Duration.ofSeconds(10));
		WixPace second = instance(190, Duration.ofSeconds(10));
		long start = this.time.now();

		List<Long> turns = Collections.synchronizedList(new ArrayList<>());
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (WixPace pace : List.of(first, first, second, second)) {
				running.add(callers.submit(() -> {
					for (OptionalLong turn = this.time.turn(pace); turn.isPresent(); turn = this.time.turn(pace)) {
						turns.add(turn.getAsLong() - start);
					}
				}));
			}
			for (Future<?> caller : running) {
				caller.get();
			}
		}
		finally {
			callers.shutdownNow();
		}

		// As with one instance: 0, 316 ms, ..., 9.79 s, each booked once.
		List<Long> sorted = turns.stream().sorted().toList();
		assertThat(sorted).hasSize(32);
		for (int k = 0; k < sorted.size(); k++) {
			assertThat(sorted.get(k)).isCloseTo(k * WixPaceTest.INTERVAL, within(1_000_000L));
		}
	}

	@Test
	void twoInstancesDrainingABacklogGetOneMinutesTurnsBetweenThem() {
		WixPace first = instance(190, Duration.ofSeconds(10));
		WixPace second = instance(190, Duration.ofSeconds(10));

		List<Long> turns = WixPaceTest.backlog(this.time, 60, first, second);

		assertThat(WixPaceTest.turnsWithin(turns, Duration.ofMinutes(1))).isEqualTo(190);
		assertThat(WixPaceTest.smallestGap(turns)).isGreaterThanOrEqualTo(WixPaceTest.INTERVAL - 1_000_000L);
	}

	@Test
	void theInstanceStartedLastSetsThePaceForAll() {
		WixPace first = instance(190, Duration.ofSeconds(10));
		instance(95, Duration.ofSeconds(10));

		List<Long> turns = WixPaceTest.backlog(this.time, 60, first);

		assertThat(WixPaceTest.turnsWithin(turns, Duration.ofMinutes(1))).isEqualTo(95);
	}

	@Test
	void onTheRealClockTwoInstancesTogetherKeepThePace() throws Exception {
		// 600 a minute: a turn every 100 ms, for 2 s.
		InboxSyncProperties.Wix.RateLimit pace = new InboxSyncProperties.Wix.RateLimit(600, 1, Duration.ofMillis(500));
		WixPace first = WixPace.shared(database, this.site, pace);
		WixPace second = WixPace.shared(database, this.site, pace);
		long start = System.nanoTime();
		long end = start + Duration.ofSeconds(2).toNanos();

		List<Long> turns = Collections.synchronizedList(new ArrayList<>());
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (WixPace instance : List.of(first, first, second, second)) {
				running.add(callers.submit(() -> {
					while (System.nanoTime() < end) {
						try {
							instance.awaitTurn();
							turns.add(System.nanoTime() - start);
						}
						catch (WixUnavailableException noTurnYet) {
							// asks again, as a redelivery would
						}
					}
				}));
			}
			for (Future<?> caller : running) {
				caller.get();
			}
		}
		finally {
			callers.shutdownNow();
		}

		// By any time t, at most one turn per 100 ms so far and the first: turns may come
		// late on a busy machine, never early.
		for (long t = Duration.ofMillis(250).toNanos(); t <= end - start; t += Duration.ofMillis(250).toNanos()) {
			long until = t;
			long interval = Duration.ofMillis(100).toNanos();
			long slack = Duration.ofMillis(5).toNanos();
			assertThat(turns.stream().filter((turn) -> turn <= until).count())
				.as("turns in the first %d ms", until / 1_000_000)
				.isLessThanOrEqualTo((until + slack) / interval + 1);
		}
		assertThat(turns.stream().filter((turn) -> turn <= end - start).count()).isGreaterThanOrEqualTo(10);
	}

	@Test
	void eachSiteHasAPaceOfItsOwn() {
		WixPace site = instance(190, Duration.ZERO);
		WixPace otherSite = WixPace.shared(database, UUID.randomUUID().toString(),
				new InboxSyncProperties.Wix.RateLimit(190, 1, Duration.ZERO), this.time, this.time);

		assertThat(this.time.turn(site)).isPresent();
		assertThat(this.time.turn(otherSite)).isPresent();
		assertThat(this.time.turn(site)).isEmpty();
	}

	/** One more instance pacing this test's site, on the fake clock. */
	private WixPace instance(int requestsPerMinute, Duration maxWait) {
		return WixPace.shared(database, this.site, new InboxSyncProperties.Wix.RateLimit(requestsPerMinute, 1, maxWait),
				this.time, this.time);
	}

}

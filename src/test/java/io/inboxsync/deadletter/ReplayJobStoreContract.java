package io.inboxsync.deadletter;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.ToIntFunction;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bulk replay jobs promise every instance sharing a database, on any database
 * the service supports: each subclass runs these against one, with the schema made by the
 * service's own migrations.
 */
abstract class ReplayJobStoreContract {

	private static final DeadLetterStore.Filter ANY = new DeadLetterStore.Filter(DeadLetter.Status.OPEN, null, null,
			null, null, null, null);

	private ReplayJobStore jobs;

	private DeadLetterStore deadLetters;

	private JdbcClient jdbc;

	private final Instant now = Instant.now();

	protected abstract DataSource dataSource();

	@BeforeEach
	void migrate() {
		Flyway.configure().dataSource(dataSource()).table("inbox_sync_schema_history").load().migrate();
		this.jobs = new ReplayJobStore(new JdbcTemplate(dataSource()));
		this.deadLetters = new DeadLetterStore(dataSource());
		this.jdbc = JdbcClient.create(dataSource());
	}

	@Test
	void aBulkReplayTakesTheOpenDeadLettersOldestFirstButNotTheMappingOnes() {
		String eventId = UUID.randomUUID().toString();
		String first = record(eventId, "c-1", "send").id();
		String second = record(eventId, "c-2", "lookup").id();
		String closed = record(eventId, "c-3", "send").id();
		this.deadLetters.close(closed, DeadLetter.Status.DISCARDED);
		record(eventId, null, "mapping");
		DeadLetterStore.Filter filter = new DeadLetterStore.Filter(null, null, null, null, eventId, null, null);

		ReplayJob job = this.jobs.create(filter, (jobId) -> this.deadLetters.addReplayableTo(jobId, filter),
				"instance-a", this.now, leaseFrom(this.now));

		assertThat(job.total()).isEqualTo(2);
		assertThat(this.jobs.next(job.jobId(), 10)).containsExactly(new ReplayJobStore.Step(1, first),
				new ReplayJobStore.Step(2, second));
		assertThat(this.deadLetters.countReplayable(filter)).isEqualTo(2);
		assertThat(this.deadLetters
			.countReplayable(new DeadLetterStore.Filter(null, null, "mapping", null, eventId, null, null))).isZero();
	}

	@Test
	void aJobWorksItsDeadLettersInOrderEachOnceAndIsDoneAfterTheLast() {
		ReplayJob job = this.jobs.create(ANY, items("dl-1", "dl-2"), "instance-a", this.now, leaseFrom(this.now));
		String id = job.jobId();

		ReplayJobStore.Step first = this.jobs.next(id).orElseThrow();
		assertThat(first).isEqualTo(new ReplayJobStore.Step(1, "dl-1"));
		assertThat(this.jobs.finish(id, "instance-a", this.now)).isFalse();
		assertThat(this.jobs.hold(id, "instance-a", first, leaseFrom(this.now))).isTrue();
		this.jobs.count(id, ReplayJobStore.Outcome.REPLAYED);
		assertThat(this.jobs.hold(id, "instance-a", first, leaseFrom(this.now))).isFalse();
		ReplayJobStore.Step second = this.jobs.next(id).orElseThrow();
		assertThat(second).isEqualTo(new ReplayJobStore.Step(2, "dl-2"));
		assertThat(this.jobs.hold(id, "instance-a", second, leaseFrom(this.now))).isTrue();
		this.jobs.count(id, ReplayJobStore.Outcome.SKIPPED);

		assertThat(this.jobs.next(id)).isEmpty();
		assertThat(this.jobs.finish(id, "instance-b", this.now)).isFalse();
		assertThat(this.jobs.finish(id, "instance-a", this.now)).isTrue();
		ReplayJob done = this.jobs.find(id).orElseThrow();
		assertThat(done.status()).isEqualTo(ReplayJob.Status.DONE);
		assertThat(List.of(done.total(), done.replayed(), done.skipped(), done.failed())).containsExactly(2, 1, 1, 0);
		assertThat(done.finishedAt()).isNotNull();
		assertThat(this.jobs.recent(500)).extracting(ReplayJob::jobId).contains(id);
	}

	@Test
	void aRunningJobIsTakenOverOnceItsLeaseRanOutByOneInstanceOnly() {
		String id = this.jobs.create(ANY, items("dl-1"), "instance-a", this.now, leaseFrom(this.now)).jobId();
		ReplayJobStore.Step step = this.jobs.next(id).orElseThrow();
		Instant later = leaseFrom(this.now).plusSeconds(1);

		assertThat(this.jobs.abandoned(this.now)).doesNotContain(id);
		assertThat(this.jobs.claim(id, "instance-b", this.now, leaseFrom(this.now))).isFalse();
		assertThat(this.jobs.abandoned(later)).contains(id);
		assertThat(this.jobs.claim(id, "instance-b", later, leaseFrom(later))).isTrue();
		assertThat(this.jobs.claim(id, "instance-c", later, leaseFrom(later))).isFalse();

		assertThat(this.jobs.hold(id, "instance-a", step, leaseFrom(later))).isFalse();
		assertThat(this.jobs.hold(id, "instance-b", step, leaseFrom(later))).isTrue();
	}

	@Test
	void aCancelledJobTakesNoFurtherStepWhoeverHoldsIt() {
		String id = this.jobs.create(ANY, items("dl-1", "dl-2"), "instance-a", this.now, leaseFrom(this.now)).jobId();
		ReplayJobStore.Step step = this.jobs.next(id).orElseThrow();

		assertThat(this.jobs.cancel(id, this.now)).isTrue();

		assertThat(this.jobs.hold(id, "instance-a", step, leaseFrom(this.now))).isFalse();
		assertThat(this.jobs.next(id)).isEmpty();
		assertThat(this.jobs.cancel(id, this.now)).isFalse();
		assertThat(this.jobs.abandoned(leaseFrom(this.now).plusSeconds(1))).doesNotContain(id);
		ReplayJob cancelled = this.jobs.find(id).orElseThrow();
		assertThat(cancelled.status()).isEqualTo(ReplayJob.Status.CANCELLED);
		assertThat(cancelled.finishedAt()).isNotNull();
	}

	/** A job's items, added as the dead-letter store adds them. */
	private ToIntFunction<String> items(String... deadLetterIds) {
		return (jobId) -> {
			for (int i = 0; i < deadLetterIds.length; i++) {
				this.jdbc
					.sql("insert into inbox_sync_replay_job_item (job_id, ordinal, dead_letter_id) values (?, ?, ?)")
					.params(jobId, i + 1, deadLetterIds[i])
					.update();
			}
			return deadLetterIds.length;
		};
	}

	private static Instant leaseFrom(Instant moment) {
		return moment.plus(ReplayJobs.LEASE);
	}

	private DeadLetter record(String eventId, String contactId, String stage) {
		return this.deadLetters.record(new DeadLetterStore.Failure(eventId, "chat-tool", contactId, stage, "x", null, 1,
				"{\"eventId\": \"" + eventId + "\", \"contact\": \"" + contactId + "\"}", null));
	}

}

package io.inboxsync.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToIntFunction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk replay jobs in the database every instance shares: their filter, their dead
 * letters in order, how far they got, and which instance holds them (a lease, renewed
 * with each step). Every change to a running job is conditional on who holds it and how
 * far it got, so two instances never work the same step.
 */
@Repository
public class ReplayJobStore {

	private static final String COLUMNS = "id, status, filter_source, filter_stage, filter_reason, filter_event_id, "
			+ "filter_from, filter_to, total, replayed, skipped, failed, started_at, finished_at";

	private static final String PROCESSED = "replayed + skipped + failed";

	private static final String RUNNING = "'" + ReplayJob.Status.RUNNING.name() + "'";

	private final JdbcClient jdbc;

	public ReplayJobStore(JdbcTemplate template) {
		this.jdbc = JdbcClient.create(template);
	}

	/**
	 * A new running job over the dead letters {@code addItems} makes its items (given the
	 * job's id, it answers how many), held by {@code owner} until {@code leaseUntil}.
	 */
	@Transactional
	public ReplayJob create(DeadLetterStore.Filter filter, ToIntFunction<String> addItems, String owner, Instant now,
			Instant leaseUntil) {
		String id = UUID.randomUUID().toString();
		int total = addItems.applyAsInt(id);
		this.jdbc
			.sql("insert into inbox_sync_replay_job (" + COLUMNS + ", lease_owner, lease_until) "
					+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, null, ?, ?)")
			.params(id, ReplayJob.Status.RUNNING.name(), filter.source(), filter.stage(), filter.reason(),
					filter.eventId(), timestamp(filter.from()), timestamp(filter.to()), total, Timestamp.from(now),
					owner, Timestamp.from(leaseUntil))
			.update();
		return find(id).orElseThrow();
	}

	public Optional<ReplayJob> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from inbox_sync_replay_job where id = ?")
			.param(id)
			.query(ReplayJobStore::map)
			.optional();
	}

	/** The latest jobs first. */
	public List<ReplayJob> recent(int limit) {
		return this.jdbc.sql("select " + COLUMNS + " from inbox_sync_replay_job order by started_at desc, id limit ?")
			.param(limit)
			.query(ReplayJobStore::map)
			.list();
	}

	/** The running job's next dead letter, or empty when it has none left. */
	public Optional<Step> next(String jobId) {
		return this.jdbc
			.sql("select i.ordinal, i.dead_letter_id from inbox_sync_replay_job j join inbox_sync_replay_job_item i "
					+ "on i.job_id = j.id and i.ordinal = j.replayed + j.skipped + j.failed + 1 "
					+ "where j.id = ? and j.status = " + RUNNING)
			.param(jobId)
			.query((row, rowNumber) -> new Step(row.getInt("ordinal"), row.getString("dead_letter_id")))
			.optional();
	}

	/**
	 * The running job's next {@code count} dead letters at most, in order; empty when it
	 * has none left.
	 */
	public List<Step> next(String jobId, int count) {
		return this.jdbc
			.sql("select i.ordinal, i.dead_letter_id from inbox_sync_replay_job j join inbox_sync_replay_job_item i "
					+ "on i.job_id = j.id and i.ordinal > " + PROCESSED + " and i.ordinal <= " + PROCESSED
					+ " + ? where j.id = ? and j.status = " + RUNNING + " order by i.ordinal")
			.params(count, jobId)
			.query((row, rowNumber) -> new Step(row.getInt("ordinal"), row.getString("dead_letter_id")))
			.list();
	}

	/**
	 * Renews the lease for one more step, if the job is still running, still held by
	 * {@code owner}, and that step is its next. Within a transaction, it also keeps
	 * anyone else from changing the job (a cancel, a take-over) until the step is
	 * counted.
	 */
	public boolean hold(String jobId, String owner, Step step, Instant leaseUntil) {
		return this.jdbc
			.sql("update inbox_sync_replay_job set lease_until = ? where id = ? and lease_owner = ? and status = "
					+ RUNNING + " and " + PROCESSED + " + 1 = ?")
			.params(Timestamp.from(leaseUntil), jobId, owner, step.ordinal())
			.update() == 1;
	}

	/** Counts the step {@link #hold held}, which makes the following one next. */
	public void count(String jobId, Outcome outcome) {
		String column = outcome.name().toLowerCase(java.util.Locale.ROOT);
		this.jdbc.sql("update inbox_sync_replay_job set " + column + " = " + column + " + 1 where id = ?")
			.param(jobId)
			.update();
	}

	/**
	 * Counts the steps {@link #hold held} from the first of a page, which makes the one
	 * after the page next.
	 */
	public void count(String jobId, int replayed, int skipped, int failed) {
		this.jdbc
			.sql("update inbox_sync_replay_job set replayed = replayed + ?, skipped = skipped + ?, "
					+ "failed = failed + ? where id = ?")
			.params(replayed, skipped, failed, jobId)
			.update();
	}

	/** Closes a job held by {@code owner} whose every step is counted. */
	@Transactional
	public boolean finish(String jobId, String owner, Instant now) {
		return end(this.jdbc
			.sql("update inbox_sync_replay_job set status = ?, finished_at = ?, lease_owner = null, lease_until = null "
					+ "where id = ? and lease_owner = ? and status = " + RUNNING + " and " + PROCESSED + " = total")
			.params(ReplayJob.Status.DONE.name(), Timestamp.from(now), jobId, owner)
			.update(), jobId);
	}

	/**
	 * Stops a running job, whoever holds it: the step in progress is finished and
	 * counted, no other starts.
	 */
	@Transactional
	public boolean cancel(String jobId, Instant now) {
		return end(this.jdbc
			.sql("update inbox_sync_replay_job set status = ?, finished_at = ?, lease_owner = null, lease_until = null "
					+ "where id = ? and status = " + RUNNING)
			.params(ReplayJob.Status.CANCELLED.name(), Timestamp.from(now), jobId)
			.update(), jobId);
	}

	private boolean end(int updated, String jobId) {
		if (updated == 1) {
			this.jdbc.sql("delete from inbox_sync_replay_job_item where job_id = ?").param(jobId).update();
		}
		return updated == 1;
	}

	/** The running jobs whose lease ran out: nobody works them. */
	public List<String> abandoned(Instant now) {
		return this.jdbc
			.sql("select id from inbox_sync_replay_job where status = " + RUNNING
					+ " and lease_until < ? order by started_at")
			.param(Timestamp.from(now))
			.query(String.class)
			.list();
	}

	/**
	 * Takes over a running job whose lease ran out. Only one of several instances trying
	 * at once gets it.
	 */
	public boolean claim(String jobId, String owner, Instant now, Instant leaseUntil) {
		return this.jdbc
			.sql("update inbox_sync_replay_job set lease_owner = ?, lease_until = ? where id = ? and status = "
					+ RUNNING + " and lease_until < ?")
			.params(owner, Timestamp.from(leaseUntil), jobId, Timestamp.from(now))
			.update() == 1;
	}

	private static ReplayJob map(ResultSet row, int rowNumber) throws SQLException {
		DeadLetterStore.Filter filter = new DeadLetterStore.Filter(DeadLetter.Status.OPEN,
				row.getString("filter_source"), row.getString("filter_stage"), row.getString("filter_reason"),
				row.getString("filter_event_id"), instant(row.getTimestamp("filter_from")),
				instant(row.getTimestamp("filter_to")));
		return new ReplayJob(row.getString("id"), ReplayJob.Status.valueOf(row.getString("status")), filter,
				row.getInt("total"), row.getInt("replayed"), row.getInt("skipped"), row.getInt("failed"),
				row.getTimestamp("started_at").toInstant(), instant(row.getTimestamp("finished_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/** One dead letter of a job: the {@code ordinal}-th, counting from 1. */
	public record Step(int ordinal, String deadLetterId) {
	}

	/** What became of a step's dead letter. */
	public enum Outcome {

		REPLAYED,

		/** No longer open when the job reached it. */
		SKIPPED,

		FAILED

	}

}

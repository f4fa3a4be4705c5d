package io.inboxsync.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.inboxsync.delivery.Stage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The durable dead letters, in the service's database (H2 under the data dir unless
 * configured otherwise).
 */
@Repository
public class DeadLetterStore {

	private static final String COLUMNS = "id, event_id, source, contact_id, stage, reason, wix_status, attempts, "
			+ "first_failed_at, last_failed_at, event, status, closed_at, maybe_in_wix_since, trace_id";

	private final JdbcClient jdbc;

	public DeadLetterStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a failure. A failure of the same delivery (the same event, the same
	 * content, to the same contact) that is still open adds an attempt to that dead
	 * letter instead of a second one, since it is the same thing to fix. Another event
	 * that reuses the id is another dead letter, replayed on its own.
	 */
	@Transactional
	public DeadLetter record(Failure failure) {
		Instant now = Instant.now();
		Optional<DeadLetter> open = (failure.eventId() != null)
				? findOpen(failure.source(), failure.eventId(), failure.contactId(), failure.event())
				: Optional.empty();
		// Conditional on still being open: a replay may have closed it meanwhile, and
		// then this is a new failure.
		if (open.isPresent() && this.jdbc
			.sql("update inbox_sync_dead_letter set stage = ?, reason = ?, wix_status = ?, "
					+ "attempts = attempts + 1, last_failed_at = ?, event = ?, "
					+ "maybe_in_wix_since = coalesce(maybe_in_wix_since, ?), trace_id = coalesce(?, trace_id) "
					+ "where id = ? and status = 'OPEN'")
			.params(failure.stage(), failure.reason(), failure.wixStatus(), Timestamp.from(now), failure.event(),
					timestamp(failure.maybeInWixSince()), failure.traceId(), open.get().id())
			.update() == 1) {
			return find(open.get().id()).orElseThrow();
		}
		String id = UUID.randomUUID().toString();
		this.jdbc
			.sql("insert into inbox_sync_dead_letter (" + COLUMNS
					+ ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)")
			.params(id, failure.eventId(), failure.source(), failure.contactId(), failure.stage(), failure.reason(),
					failure.wixStatus(), failure.attempts(), Timestamp.from(now), Timestamp.from(now), failure.event(),
					DeadLetter.Status.OPEN.name(), timestamp(failure.maybeInWixSince()), failure.traceId())
			.update();
		return find(id).orElseThrow();
	}

	public Optional<DeadLetter> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from inbox_sync_dead_letter where id = ?")
			.param(id)
			.query(DeadLetterStore::map)
			.optional();
	}

	public Page list(Filter filter, int limit, int offset) {
		Where where = where(filter);
		long total = this.jdbc.sql("select count(*) from inbox_sync_dead_letter" + where.sql())
			.params(where.params())
			.query(Long.class)
			.single();
		List<Object> pageParams = new ArrayList<>(where.params());
		pageParams.add(limit);
		pageParams.add(offset);
		List<DeadLetter> deadLetters = this.jdbc
			.sql("select " + COLUMNS + " from inbox_sync_dead_letter" + where.sql()
					+ " order by last_failed_at desc, id limit ? offset ?")
			.params(pageParams)
			.query(DeadLetterStore::map)
			.list();
		return new Page(deadLetters, total, limit, offset);
	}

	/**
	 * The ids of every dead letter the filter matches, oldest failure first: the order a
	 * bulk replay goes in.
	 */
	public List<String> ids(Filter filter) {
		Where where = where(filter);
		return this.jdbc.sql("select id from inbox_sync_dead_letter" + where.sql() + " order by first_failed_at, id")
			.params(where.params())
			.query(String.class)
			.list();
	}

	/**
	 * The dead letters a bulk replay with this filter replays, oldest failure first: the
	 * open ones, but for those of the mapping stage, which hold a payload and not an
	 * event, so replaying them could only fail again.
	 */
	public List<String> replayable(Filter filter) {
		Where where = replayableWhere(filter);
		return this.jdbc.sql("select id from inbox_sync_dead_letter" + where.sql() + " order by first_failed_at, id")
			.params(where.params())
			.query(String.class)
			.list();
	}

	/** How many dead letters {@link #replayable(Filter)} would answer. */
	public long countReplayable(Filter filter) {
		Where where = replayableWhere(filter);
		return this.jdbc.sql("select count(*) from inbox_sync_dead_letter" + where.sql())
			.params(where.params())
			.query(Long.class)
			.single();
	}

	private static Where replayableWhere(Filter filter) {
		Where open = where(filter.withStatus(DeadLetter.Status.OPEN));
		List<Object> params = new ArrayList<>(open.params());
		params.add(Stage.MAPPING.value());
		return new Where(open.sql() + " and stage <> ?", params);
	}

	/** The open dead letters counted by stage. */
	public Map<String, Long> countOpenByStage() {
		return countOpenGroupedBy("stage", Integer.MAX_VALUE);
	}

	/** The open dead letters counted by source ("" for none). */
	public Map<String, Long> countOpenBySource() {
		return countOpenGroupedBy("coalesce(source, '')", Integer.MAX_VALUE);
	}

	/** The open dead letters counted by their exact reason: the most common ones. */
	public Map<String, Long> countOpenByReason(int limit) {
		return countOpenGroupedBy("reason", limit);
	}

	/** Grouped by a column of ours, never by a caller's text. */
	private Map<String, Long> countOpenGroupedBy(String column, int limit) {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc
			.sql("select " + column + " as grouped_by, count(*) as open_count from inbox_sync_dead_letter "
					+ "where status = 'OPEN' group by " + column + " order by open_count desc limit ?")
			.param(limit)
			.query((row) -> {
				counts.put(row.getString("grouped_by"), row.getLong("open_count"));
			});
		return counts;
	}

	/**
	 * How many dead letters were open at each of these times (failed by then and not yet
	 * closed), in one pass over the table.
	 */
	public List<Long> countOpenAt(List<Instant> times) {
		if (times.isEmpty()) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder("select ");
		List<Object> params = new ArrayList<>();
		for (int i = 0; i < times.size(); i++) {
			Timestamp time = Timestamp.from(times.get(i));
			sql.append((i > 0) ? ", " : "")
				.append("coalesce(sum(case when first_failed_at <= ? and (closed_at is null or closed_at > ?) ")
				.append("then 1 else 0 end), 0) as open_")
				.append(i);
			params.add(time);
			params.add(time);
		}
		Timestamp earliest = Timestamp.from(times.stream().min(Instant::compareTo).orElseThrow());
		Timestamp latest = Timestamp.from(times.stream().max(Instant::compareTo).orElseThrow());
		sql.append(" from inbox_sync_dead_letter where first_failed_at <= ? and (closed_at is null or closed_at > ?)");
		params.add(latest);
		params.add(earliest);
		return this.jdbc.sql(sql.toString()).params(params).query((row, rowNumber) -> {
			List<Long> counts = new ArrayList<>();
			for (int i = 0; i < times.size(); i++) {
				counts.add(row.getLong("open_" + i));
			}
			return counts;
		}).single();
	}

	public long countOpen() {
		return this.jdbc.sql("select count(*) from inbox_sync_dead_letter where status = 'OPEN'")
			.query(Long.class)
			.single();
	}

	/**
	 * Closes an open dead letter as replayed or discarded. Only one caller can win: the
	 * update is conditional on the dead letter still being open, which makes a replay
	 * safe to run twice.
	 */
	public boolean close(String id, DeadLetter.Status status) {
		return this.jdbc
			.sql("update inbox_sync_dead_letter set status = ?, closed_at = ? where id = ? and status = 'OPEN'")
			.params(status.name(), Timestamp.from(Instant.now()), id)
			.update() == 1;
	}

	private static Where where(Filter filter) {
		List<Object> params = new ArrayList<>();
		StringBuilder sql = new StringBuilder(" where 1 = 1");
		if (filter.status() != null) {
			sql.append(" and status = ?");
			params.add(filter.status().name());
		}
		if (filter.source() != null) {
			sql.append(" and source = ?");
			params.add(filter.source());
		}
		if (filter.stage() != null) {
			sql.append(" and stage = ?");
			params.add(filter.stage());
		}
		if (filter.eventId() != null) {
			sql.append(" and event_id = ?");
			params.add(filter.eventId());
		}
		if (filter.reason() != null) {
			sql.append(" and lower(reason) like ?");
			params.add("%" + filter.reason().toLowerCase(java.util.Locale.ROOT).replace("%", "\\%") + "%");
		}
		if (filter.from() != null) {
			sql.append(" and last_failed_at >= ?");
			params.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" and last_failed_at < ?");
			params.add(Timestamp.from(filter.to()));
		}
		return new Where(sql.toString(), params);
	}

	private record Where(String sql, List<Object> params) {
	}

	private Optional<DeadLetter> findOpen(String source, String eventId, String contactId, String event) {
		// "is not distinct from" compares nulls as equal and types the parameter from its
		// column: PostgreSQL cannot
		// type a bare "? is null" bound to null.
		return this.jdbc
			.sql("select " + COLUMNS + " from inbox_sync_dead_letter where event_id = ? and status = 'OPEN' and "
					+ "source is not distinct from ? and contact_id is not distinct from ? and event = ?")
			.params(eventId, source, contactId, event)
			.query(DeadLetterStore::map)
			.optional();
	}

	private static DeadLetter map(ResultSet row, int rowNumber) throws SQLException {
		return new DeadLetter(row.getString("id"), row.getString("event_id"), row.getString("source"),
				row.getString("contact_id"), row.getString("stage"), row.getString("reason"),
				row.getObject("wix_status", Integer.class), row.getInt("attempts"),
				row.getTimestamp("first_failed_at").toInstant(), row.getTimestamp("last_failed_at").toInstant(),
				row.getString("event"), DeadLetter.Status.valueOf(row.getString("status")),
				instant(row.getTimestamp("closed_at")), instant(row.getTimestamp("maybe_in_wix_since")),
				row.getString("trace_id"));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	/**
	 * What is known of one failure when it happens.
	 *
	 * @param traceId the trace the failure happened in, or {@code null} outside one
	 */
	public record Failure(String eventId, String source, String contactId, String stage, String reason,
			Integer wixStatus, int attempts, String event, Instant maybeInWixSince, String traceId) {

		/** A failure outside any trace. */
		public Failure(String eventId, String source, String contactId, String stage, String reason, Integer wixStatus,
				int attempts, String event, Instant maybeInWixSince) {
			this(eventId, source, contactId, stage, reason, wixStatus, attempts, event, maybeInWixSince, null);
		}

	}

	/**
	 * Which dead letters to list or replay; {@code null} fields do not filter.
	 *
	 * @param reason text the reason contains, in any case
	 * @param from last failure at or after
	 * @param to last failure before
	 */
	public record Filter(DeadLetter.Status status, String source, String stage, String reason, String eventId,
			Instant from, Instant to) {

		public Filter withStatus(DeadLetter.Status newStatus) {
			return new Filter(newStatus, this.source, this.stage, this.reason, this.eventId, this.from, this.to);
		}

	}

	public record Page(List<DeadLetter> deadLetters, long total, int limit, int offset) {
	}

}

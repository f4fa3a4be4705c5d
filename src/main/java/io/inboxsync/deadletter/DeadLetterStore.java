package io.inboxsync.deadletter;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;
import java.util.Optional;
import java.util.UUID;

import io.inboxsync.delivery.Stage;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
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

	/**
	 * How many dead letters a list counts at most for its total, beyond those the open
	 * counts answer: counting a million rows takes seconds.
	 */
	static final int MAX_COUNTED = 1_000;

	/**
	 * How many of the newest dead letters matching the other filters a reason's text is
	 * looked for in first, in one pass over an index in their order. On H2, which has no
	 * index for text inside a value and reads a million reasons in seconds, that is all.
	 * On PostgreSQL the trigram index takes over when these hold too few for the page: it
	 * finds rare text at once, but for text in many dead letters it reads them all before
	 * it can sort out the newest (a second at a million).
	 */
	static final int REASON_WINDOW = 10_000;

	private final JdbcClient jdbc;

	private final boolean postgres;

	private final DeadLetterOpenCounts openCounts;

	private final int reasonWindow;

	@Autowired
	public DeadLetterStore(DataSource dataSource) {
		this(dataSource, REASON_WINDOW);
	}

	DeadLetterStore(DataSource dataSource, int reasonWindow) {
		this.reasonWindow = reasonWindow;
		this.jdbc = JdbcClient.create(dataSource);
		this.postgres = isPostgres(dataSource);
		this.openCounts = new DeadLetterOpenCounts(this.jdbc, this.postgres);
	}

	private static boolean isPostgres(DataSource dataSource) {
		try {
			return "PostgreSQL"
				.equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Could not tell which database holds the dead letters", ex);
		}
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
			Map<DeadLetterOpenCounts.Key, Long> moved = new HashMap<>();
			moved.merge(countedAs(open.get()), -1L, Long::sum);
			moved.merge(DeadLetterOpenCounts.Key.of(failure.stage(), failure.source(), failure.reason()), 1L,
					Long::sum);
			this.openCounts.add(moved);
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
		this.openCounts.add(DeadLetterOpenCounts.Key.of(failure.stage(), failure.source(), failure.reason()), 1);
		return find(id).orElseThrow();
	}

	public Optional<DeadLetter> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from inbox_sync_dead_letter where id = ?")
			.param(id)
			.query(DeadLetterStore::map)
			.optional();
	}

	/**
	 * A page of the dead letters the filter matches, newest failure first. The total is
	 * exact when the open counts tell it (open dead letters, by stage or source) or when
	 * at most {@link #MAX_COUNTED} match; otherwise it says at least that many. For a
	 * reason's text on PostgreSQL it is exact up to this page, and "at least one more"
	 * when there are more.
	 */
	public Page list(Filter filter, int limit, int offset) {
		if (filter.reason() != null) {
			NewestMatches newest = newestMatches(filter);
			boolean searchedAll = newest.searched() < this.reasonWindow;
			if (!this.postgres || searchedAll || newest.ids().size() > offset + limit) {
				return page(newest, limit, offset, searchedAll);
			}
		}
		Where where = where(filter);
		List<Object> pageParams = new ArrayList<>(where.params());
		// One more than the page: whether there are more.
		pageParams.add(limit + 1);
		pageParams.add(offset);
		List<DeadLetter> deadLetters = this.jdbc
			.sql("select " + COLUMNS + " from inbox_sync_dead_letter" + where.sql() + " order by " + newestFirst(filter)
					+ " limit ? offset ?")
			.params(pageParams)
			.query(DeadLetterStore::map)
			.list();
		boolean more = deadLetters.size() > limit;
		deadLetters = deadLetters.subList(0, Math.min(limit, deadLetters.size()));
		if (isOpenCounted(filter)) {
			return new Page(deadLetters, this.openCounts.count(filter.stage(), filter.source(), false), true, limit,
					offset);
		}
		// A last page tells its total itself, and a count read after it could see a dead
		// letter that opened in between and so disagree with the page.
		boolean lastPage = !more && (offset == 0 || !deadLetters.isEmpty());
		if (lastPage) {
			return new Page(deadLetters, offset + deadLetters.size(), true, limit, offset);
		}
		if (filter.reason() != null) {
			// The trigram index finds a page's matches at once, but counting all of them
			// reads each trigram's list of rows, long for common ones: 100 ms and more.
			return new Page(deadLetters, offset + deadLetters.size() + (more ? 1 : 0), false, limit, offset);
		}
		List<Object> countParams = new ArrayList<>(where.params());
		countParams.add(MAX_COUNTED + 1);
		long counted = this.jdbc
			.sql("select count(*) from (select 1 from inbox_sync_dead_letter" + where.sql() + " limit ?) counted")
			.params(countParams)
			.query(Long.class)
			.single();
		return new Page(deadLetters, Math.min(counted, MAX_COUNTED), counted <= MAX_COUNTED, limit, offset);
	}

	/**
	 * The ids of the dead letters whose reason holds the filter's text, among the newest
	 * {@link #REASON_WINDOW} (by default) matching its other filters, newest first.
	 */
	private NewestMatches newestMatches(Filter filter) {
		Filter others = new Filter(filter.status(), filter.source(), filter.stage(), null, filter.eventId(),
				filter.from(), filter.to());
		Where where = where(others);
		List<Object> params = new ArrayList<>();
		params.add(contained(filter.reason()));
		params.addAll(where.params());
		params.add(this.reasonWindow);
		List<String> matched = new ArrayList<>();
		int[] searched = { 0 };
		this.jdbc
			.sql("select id, lower(reason) like ? as matched from inbox_sync_dead_letter" + where.sql() + " order by "
					+ newestFirst(others) + " limit ?")
			.params(params)
			.query((row) -> {
				searched[0]++;
				if (row.getBoolean("matched")) {
					matched.add(row.getString("id"));
				}
			});
		return new NewestMatches(matched, searched[0]);
	}

	/**
	 * A page of the newest matches: its total is exact when they were searched all,
	 * otherwise it says at least that many.
	 */
	private Page page(NewestMatches newest, int limit, int offset, boolean searchedAll) {
		List<String> matched = newest.ids();
		List<String> pageIds = matched.subList(Math.min(offset, matched.size()),
				Math.min(offset + limit, matched.size()));
		List<DeadLetter> deadLetters = pageIds.isEmpty() ? List.of()
				: this.jdbc
					.sql("select " + COLUMNS + " from inbox_sync_dead_letter where id in ("
							+ String.join(", ", Collections.nCopies(pageIds.size(), "?"))
							+ ") order by last_failed_at desc, id desc")
					.params(new ArrayList<>(pageIds))
					.query(DeadLetterStore::map)
					.list();
		return new Page(deadLetters, matched.size(), searchedAll, limit, offset);
	}

	private record NewestMatches(List<String> ids, int searched) {
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
	 * Makes the dead letters a bulk replay with this filter replays the job's items,
	 * oldest failure first: the open ones, but for those of the mapping stage, which hold
	 * a payload and not an event, so replaying them could only fail again. The database
	 * copies them, so a million ids never pass through the service's memory.
	 * @return how many
	 */
	public int addReplayableTo(String replayJobId, Filter filter) {
		Where where = replayableWhere(filter);
		List<Object> params = new ArrayList<>();
		params.add(replayJobId);
		params.addAll(where.params());
		return this.jdbc
			.sql("insert into inbox_sync_replay_job_item (job_id, ordinal, dead_letter_id) "
					+ "select ?, row_number() over (order by first_failed_at, id), id from inbox_sync_dead_letter"
					+ where.sql())
			.params(params)
			.update();
	}

	/** How many dead letters {@link #addReplayableTo} would add. */
	public long countReplayable(Filter filter) {
		if (isOpenCounted(filter.withStatus(DeadLetter.Status.OPEN))) {
			return this.openCounts.count(filter.stage(), filter.source(), true);
		}
		Where where = replayableWhere(filter);
		return this.jdbc.sql("select count(*) from inbox_sync_dead_letter" + where.sql())
			.params(where.params())
			.query(Long.class)
			.single();
	}

	private Where replayableWhere(Filter filter) {
		Where open = where(filter.withStatus(DeadLetter.Status.OPEN));
		List<Object> params = new ArrayList<>(open.params());
		params.add(Stage.MAPPING.value());
		return new Where(open.sql() + " and stage <> ?", params);
	}

	/** The open dead letters counted by stage. */
	public Map<String, Long> countOpenByStage() {
		return this.openCounts.groupedBy("stage", Integer.MAX_VALUE);
	}

	/** The open dead letters counted by source ("" for none). */
	public Map<String, Long> countOpenBySource() {
		return this.openCounts.groupedBy("source", Integer.MAX_VALUE);
	}

	/**
	 * The open dead letters counted by reason, the most common first: by their
	 * {@link ReasonPattern}, since reasons carry ids and addresses.
	 */
	public Map<String, Long> countOpenByReason(int limit) {
		return this.openCounts.groupedBy("reason_pattern", limit);
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
		return this.openCounts.total();
	}

	/**
	 * Closes an open dead letter as replayed or discarded. Only one caller can win: the
	 * update is conditional on the dead letter still being open, which makes a replay
	 * safe to run twice.
	 */
	@Transactional
	public boolean close(String id, DeadLetter.Status status) {
		return !close(List.of(id), status, "").isEmpty();
	}

	/**
	 * Closes as replayed those of these dead letters that are open, but {@code mapping}
	 * ones, in one statement; the ones it closed, as they were.
	 */
	@Transactional
	public List<DeadLetter> closeReplayable(List<String> ids) {
		return close(ids, DeadLetter.Status.REPLAYED, " and stage <> 'mapping'");
	}

	private List<DeadLetter> close(List<String> ids, DeadLetter.Status status, String andOnly) {
		if (ids.isEmpty()) {
			return List.of();
		}
		String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
		// Locked first, so that the counts go down for what the dead letters are when
		// they close, whoever changed them last.
		List<DeadLetter> open = this.jdbc
			.sql("select " + COLUMNS + " from inbox_sync_dead_letter where id in (" + in + ") and status = 'OPEN'"
					+ andOnly + " for update")
			.params(ids)
			.query(DeadLetterStore::map)
			.list();
		if (open.isEmpty()) {
			return List.of();
		}
		List<Object> params = new ArrayList<>();
		params.add(status.name());
		params.add(Timestamp.from(Instant.now()));
		open.forEach((deadLetter) -> params.add(deadLetter.id()));
		this.jdbc
			.sql("update inbox_sync_dead_letter set status = ?, closed_at = ? where id in ("
					+ String.join(", ", Collections.nCopies(open.size(), "?")) + ") and status = 'OPEN'")
			.params(params)
			.update();
		this.openCounts.add(open.stream()
			.collect(Collectors.groupingBy(DeadLetterStore::countedAs, Collectors.summingLong((deadLetter) -> -1L))));
		return open;
	}

	private static DeadLetterOpenCounts.Key countedAs(DeadLetter deadLetter) {
		return DeadLetterOpenCounts.Key.of(deadLetter.stage(), deadLetter.source(), deadLetter.reason());
	}

	/**
	 * Whether the open counts alone tell how many dead letters the filter matches.
	 */
	private static boolean isOpenCounted(Filter filter) {
		return filter.status() == DeadLetter.Status.OPEN && filter.reason() == null && filter.eventId() == null
				&& filter.from() == null && filter.to() == null;
	}

	/**
	 * Newest failure first, led by the columns the filter fixes in the order of the index
	 * it reads (H2 reads an index in order only when the order names its leading
	 * columns).
	 */
	private static String newestFirst(Filter filter) {
		return String.join(", ", leadingColumns(filter)) + (leadingColumns(filter).isEmpty() ? "" : ", ")
				+ "last_failed_at desc, id desc";
	}

	/** The index of V13 the filter is best listed by, and its equal columns. */
	private static List<String> leadingColumns(Filter filter) {
		if (filter.status() == null || filter.eventId() != null) {
			return List.of();
		}
		if (filter.source() != null && filter.stage() != null) {
			return List.of("status", "source", "stage");
		}
		if (filter.source() != null) {
			return List.of("status", "source");
		}
		if (filter.stage() != null) {
			return List.of("status", "stage");
		}
		return List.of("status");
	}

	private Where where(Filter filter) {
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
		if (filter.from() != null) {
			sql.append(" and last_failed_at >= ?");
			params.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" and last_failed_at < ?");
			params.add(Timestamp.from(filter.to()));
		}
		if (filter.reason() != null) {
			// On PostgreSQL, the trigram index of V13 finds these wherever they are in
			// the
			// table; on H2 every row is read (a bulk replay's selection: lists search a
			// window, see listSearchedOnH2).
			sql.append(" and lower(reason) like ?");
			params.add(contained(filter.reason()));
		}
		return new Where(sql.toString(), params);
	}

	/** LIKE's pattern for text contained, in any case. */
	private static String contained(String text) {
		return "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	private record Where(String sql, List<Object> params) {
	}

	private Optional<DeadLetter> findOpen(String source, String eventId, String contactId, String event) {
		// "is not distinct from" compares nulls as equal and types the parameter from its
		// column: PostgreSQL cannot
		// type a bare "? is null" bound to null.
		return this.jdbc
			.sql("select " + COLUMNS + " from inbox_sync_dead_letter where event_id = ? and status = 'OPEN' and "
					+ "source is not distinct from ? and contact_id is not distinct from ? and event = ? for update")
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

	/**
	 * @param total how many dead letters match, or at least match when not
	 * {@code totalExact}
	 * @param totalExact false when more matched than were counted, or on H2 when older
	 * dead letters than those the reason was looked for in may match too
	 */
	public record Page(List<DeadLetter> deadLetters, long total, boolean totalExact, int limit, int offset) {
	}

}

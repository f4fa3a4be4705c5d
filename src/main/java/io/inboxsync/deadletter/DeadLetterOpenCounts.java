package io.inboxsync.deadletter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The open dead letters counted by stage, source and reason pattern, kept up to date in
 * the transaction that opens or closes one: counting a million rows, or grouping them by
 * reason, takes seconds, reading these few rows does not. A failure's reason carries ids
 * and addresses; its {@link ReasonPattern} does not, so there are about as many rows as
 * causes, not as dead letters.
 */
public class DeadLetterOpenCounts {

	/** The table, made by the V13 migration. */
	public static final String TABLE = "inbox_sync_dead_letter_open_count";

	private static final String KEY_COLUMNS = "stage, source, reason_pattern";

	private final JdbcClient jdbc;

	private final boolean postgres;

	DeadLetterOpenCounts(JdbcClient jdbc, boolean postgres) {
		this.jdbc = jdbc;
		this.postgres = postgres;
	}

	/**
	 * Adds each change to its count, in one statement. Keys go in one order, so that two
	 * transactions changing the same counts never wait for each other in a circle.
	 */
	void add(Map<Key, Long> changes) {
		List<Map.Entry<Key, Long>> changed = new TreeMap<>(changes).entrySet()
			.stream()
			.filter((change) -> change.getValue() != 0)
			.toList();
		if (changed.isEmpty()) {
			return;
		}
		List<Object> params = new ArrayList<>();
		changed.forEach((change) -> params.addAll(List.of(change.getKey().stage(), change.getKey().source(),
				change.getKey().reasonPattern(), change.getValue())));
		if (this.postgres) {
			this.jdbc
				.sql("insert into " + TABLE + " as counted (" + KEY_COLUMNS + ", open_count) values "
						+ rows(changed.size(), "(?, ?, ?, ?)") + " on conflict (" + KEY_COLUMNS
						+ ") do update set open_count = counted.open_count + excluded.open_count")
				.params(params)
				.update();
			return;
		}
		try {
			merge(changed.size(), params);
		}
		catch (DuplicateKeyException ex) {
			// Another transaction added one of these counts' rows first and committed,
			// which H2 waited for: now the row is there to add to. (A failed statement
			// leaves H2's transaction as it was.)
			merge(changed.size(), params);
		}
	}

	void add(Key key, long change) {
		add(Map.of(key, change));
	}

	private void merge(int rows, List<Object> params) {
		this.jdbc
			.sql("merge into " + TABLE + " counted using (values " + rows(rows,
					"(cast(? as varchar(20)), cast(? as varchar(200)), cast(? as varchar(200)), cast(? as bigint))")
					+ ") as changed (" + KEY_COLUMNS + ", open_count) "
					+ "on counted.stage = changed.stage and counted.source = changed.source "
					+ "and counted.reason_pattern = changed.reason_pattern "
					+ "when matched then update set open_count = counted.open_count + changed.open_count "
					+ "when not matched then insert (" + KEY_COLUMNS + ", open_count) "
					+ "values (changed.stage, changed.source, changed.reason_pattern, changed.open_count)")
			.params(params)
			.update();
	}

	private static String rows(int count, String row) {
		return String.join(", ", Collections.nCopies(count, row));
	}

	long total() {
		return this.jdbc.sql("select coalesce(sum(open_count), 0) from " + TABLE).query(Long.class).single();
	}

	/**
	 * How many open dead letters have this stage and source ({@code null}: any),
	 * {@code mapping} ones left out if asked.
	 */
	long count(String stage, String source, boolean withoutMapping) {
		StringBuilder sql = new StringBuilder("select coalesce(sum(open_count), 0) from " + TABLE + " where 1 = 1");
		List<Object> params = new ArrayList<>();
		if (stage != null) {
			sql.append(" and stage = ?");
			params.add(stage);
		}
		if (source != null) {
			sql.append(" and source = ?");
			params.add(source);
		}
		if (withoutMapping) {
			sql.append(" and stage <> 'mapping'");
		}
		return this.jdbc.sql(sql.toString()).params(params).query(Long.class).single();
	}

	/** Grouped by one of our key columns, never by a caller's text; most first. */
	Map<String, Long> groupedBy(String column, int limit) {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc
			.sql("select " + column + " as grouped_by, sum(open_count) as open_count from " + TABLE + " group by "
					+ column + " having sum(open_count) > 0 order by open_count desc, grouped_by limit ?")
			.param(limit)
			.query((row) -> {
				counts.put(row.getString("grouped_by"), row.getLong("open_count"));
			});
		return counts;
	}

	/**
	 * What an open dead letter is counted under: its source is "" when it has none, its
	 * reason the reason's pattern.
	 */
	public record Key(String stage, String source, String reasonPattern) implements Comparable<Key> {

		public static Key of(String stage, String source, String reason) {
			return new Key(stage, (source != null) ? source : "", ReasonPattern.of(reason).pattern());
		}

		@Override
		public int compareTo(Key other) {
			int byStage = this.stage.compareTo(other.stage);
			if (byStage != 0) {
				return byStage;
			}
			int bySource = this.source.compareTo(other.source);
			return (bySource != 0) ? bySource : this.reasonPattern.compareTo(other.reasonPattern);
		}

	}

}

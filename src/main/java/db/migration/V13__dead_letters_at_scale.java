package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.inboxsync.deadletter.DeadLetterOpenCounts;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters at a million rows: an index per way the list is filtered, each in the
 * list's order (newest failure first), so a page reads its rows and no more; the open
 * dead letters counted as they change (the console's counts, the list's totals) rather
 * than counted row by row; and on PostgreSQL a trigram index for the reason's text. Java
 * rather than SQL because H2 and PostgreSQL differ here: the trigram index exists on
 * PostgreSQL only (where the server offers the pg_trgm extension), and H2's list of
 * reasons is searched through an index that holds them.
 */
public class V13__dead_letters_at_scale extends BaseJavaMigration {

	private static final Logger log = LoggerFactory.getLogger(V13__dead_letters_at_scale.class);

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
		// A PostgreSQL btree entry holds at most about 2.7 kB, which a reason may exceed:
		// there
		// the reason has its trigram index instead.
		String reasonOnH2 = postgres ? "" : ", reason";
		execute(connection,
				List.of("drop index inbox_sync_dead_letter_status",
						"create index inbox_sync_dead_letter_newest on inbox_sync_dead_letter "
								+ "(last_failed_at desc, id desc" + reasonOnH2 + ")",
						"create index inbox_sync_dead_letter_status_newest on inbox_sync_dead_letter "
								+ "(status, last_failed_at desc, id desc" + reasonOnH2 + ")",
						"create index inbox_sync_dead_letter_source_newest on inbox_sync_dead_letter "
								+ "(status, source, last_failed_at desc, id desc)",
						"create index inbox_sync_dead_letter_stage_newest on inbox_sync_dead_letter "
								+ "(status, stage, last_failed_at desc, id desc)",
						"create index inbox_sync_dead_letter_source_stage_newest on inbox_sync_dead_letter "
								+ "(status, source, stage, last_failed_at desc, id desc)",
						"create table " + DeadLetterOpenCounts.TABLE + " (stage varchar(20) not null, "
								+ "source varchar(200) not null, reason_pattern varchar(200) not null, "
								+ "open_count bigint not null, primary key (stage, source, reason_pattern))"));
		if (postgres) {
			createTrigramIndex(connection);
		}
		countOpenDeadLetters(connection);
	}

	private static void createTrigramIndex(Connection connection) throws SQLException {
		if (!offered(connection)) {
			log.warn("PostgreSQL does not offer the pg_trgm extension (contrib): dead letters' reasons are searched "
					+ "without an index, row by row");
			return;
		}
		Savepoint beforeExtension = connection.setSavepoint();
		try (Statement statement = connection.createStatement()) {
			statement.execute("create extension if not exists pg_trgm");
		}
		catch (SQLException ex) {
			connection.rollback(beforeExtension);
			log.warn(
					"Could not create the pg_trgm extension ({}): dead letters' reasons are searched without an "
							+ "index, row by row; a database owner may create it and restart inbox-sync",
					ex.getMessage());
			return;
		}
		execute(connection, List.of("create index inbox_sync_dead_letter_reason_text on inbox_sync_dead_letter "
				+ "using gin (lower(reason) gin_trgm_ops)"));
	}

	private static boolean offered(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet offered = statement
					.executeQuery("select count(*) from pg_available_extensions where name = 'pg_trgm'")) {
			return offered.next() && offered.getLong(1) > 0;
		}
	}

	/** The open dead letters so far, by stage, source and reason pattern. */
	private static void countOpenDeadLetters(Connection connection) throws SQLException {
		Map<DeadLetterOpenCounts.Key, Long> counts = new HashMap<>();
		try (Statement statement = connection.createStatement()) {
			statement.setFetchSize(1000);
			try (ResultSet open = statement
				.executeQuery("select stage, source, reason from inbox_sync_dead_letter where status = 'OPEN'")) {
				while (open.next()) {
					counts.merge(DeadLetterOpenCounts.Key.of(open.getString(1), open.getString(2), open.getString(3)),
							1L, Long::sum);
				}
			}
		}
		try (PreparedStatement insert = connection.prepareStatement("insert into " + DeadLetterOpenCounts.TABLE
				+ " (stage, source, reason_pattern, open_count) values (?, ?, ?, ?)")) {
			for (Map.Entry<DeadLetterOpenCounts.Key, Long> count : counts.entrySet()) {
				insert.setString(1, count.getKey().stage());
				insert.setString(2, count.getKey().source());
				insert.setString(3, count.getKey().reasonPattern());
				insert.setLong(4, count.getValue());
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	private static void execute(Connection connection, List<String> statements) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}

package io.inboxsync.retention;

import javax.sql.DataSource;

import io.inboxsync.PostgresTestDatabase;

/** Pruning on a real PostgreSQL, the one the whole test run shares (no Docker needed). */
class PostgresRetentionPrunerTest extends RetentionPrunerContract {

	@Override
	protected DataSource dataSource() {
		return PostgresTestDatabase.server().getPostgresDatabase();
	}

}

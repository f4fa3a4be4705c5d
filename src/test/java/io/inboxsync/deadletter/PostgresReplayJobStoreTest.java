package io.inboxsync.deadletter;

import javax.sql.DataSource;

import io.inboxsync.PostgresTestDatabase;

/**
 * Replay jobs on a real PostgreSQL, the one the whole test run shares (no Docker needed).
 */
class PostgresReplayJobStoreTest extends ReplayJobStoreContract {

	@Override
	protected DataSource dataSource() {
		return PostgresTestDatabase.server().getPostgresDatabase();
	}

}

package io.inboxsync.deadletter;

import javax.sql.DataSource;

import io.inboxsync.PostgresTestDatabase;

/**
 * The store on a real PostgreSQL, the one the whole test run shares (no Docker needed).
 */
class PostgresDeadLetterStoreTest extends DeadLetterStoreContract {

	@Override
	protected DataSource dataSource() {
		return PostgresTestDatabase.server().getPostgresDatabase();
	}

	@Override
	protected boolean searchesBeyondTheNewest() {
		return true;
	}

}

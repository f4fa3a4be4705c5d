package io.inboxsync.source;

import javax.sql.DataSource;

import io.inboxsync.PostgresTestDatabase;

/**
 * Folder read locks on a real PostgreSQL, the one the whole test run shares (no Docker
 * needed).
 */
class PostgresFolderReadLocksTest extends FolderReadLocksContract {

	@Override
	protected DataSource dataSource() {
		return PostgresTestDatabase.server().getPostgresDatabase();
	}

}

package io.inboxsync.source;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.inboxsync.H2TestDatabase;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folder read locks on the default database: an H2 file, as under the data dir, kept open
 * between connections as the service's pool keeps it (each instance renews its locks on a
 * connection of its own).
 */
class H2FolderReadLocksTest extends FolderReadLocksContract {

	@TempDir
	static Path dataDir;

	@Override
	protected DataSource dataSource() {
		return H2TestDatabase.in(dataDir);
	}

}

package io.inboxsync.retention;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.inboxsync.H2TestDatabase;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning on the default database: an H2 file, as under the data dir, kept open between
 * connections as the service's connection pool keeps it (an H2 file closed by its last
 * connection and opened again at once by the next is not what the service does).
 */
class H2RetentionPrunerTest extends RetentionPrunerContract {

	@TempDir
	static Path dataDir;

	@Override
	protected DataSource dataSource() {
		return H2TestDatabase.in(dataDir);
	}

}

package io.inboxsync.retention;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

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
		return new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:file:" + dataDir.resolve("inbox-sync") + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}

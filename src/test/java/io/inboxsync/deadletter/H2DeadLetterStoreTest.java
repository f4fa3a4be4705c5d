package io.inboxsync.deadletter;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The store on the default database: an H2 file, as under the data dir. */
class H2DeadLetterStoreTest extends DeadLetterStoreContract {

	@TempDir
	static Path dataDir;

	@Override
	protected DataSource dataSource() {
		// Kept open between connections, as the service's pool keeps it: opened and
		// closed
		// per statement, H2 lost a just-migrated schema once under load.
		return new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:file:" + dataDir.resolve("inbox-sync") + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}

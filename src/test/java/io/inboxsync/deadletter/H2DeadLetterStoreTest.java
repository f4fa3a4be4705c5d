package io.inboxsync.deadletter;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.inboxsync.H2TestDatabase;
import org.junit.jupiter.api.io.TempDir;

/** The store on the default database: an H2 file, as under the data dir. */
class H2DeadLetterStoreTest extends DeadLetterStoreContract {

	@TempDir
	static Path dataDir;

	@Override
	protected DataSource dataSource() {
		return H2TestDatabase.in(dataDir);
	}

	@Override
	protected boolean searchesBeyondTheNewest() {
		return false;
	}

}

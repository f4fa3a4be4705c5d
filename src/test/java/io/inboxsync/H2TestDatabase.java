package io.inboxsync;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** The default database as the service keeps it under a data dir: an H2 file. */
public final class H2TestDatabase {

	private H2TestDatabase() {
	}

	/**
	 * Kept open between connections, as the service's pool keeps it: opened and closed
	 * per statement, H2 once lost a just-migrated schema under load.
	 */
	public static DataSource in(Path dataDir) {
		return new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:file:" + dataDir.resolve("inbox-sync") + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}

package io.inboxsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.inboxsync.web.OperatorApiToken;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real PostgreSQL for the whole test run (no Docker needed), started on first use and
 * stopped when the JVM exits. As an initializer, it points a test's inbox-sync at its own
 * database there, and at a data dir of its own, since the H2 context of the other tests
 * keeps running (its broker journal and folders must not be shared).
 */
public final class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String DATABASE = "inbox_sync";

	/** The operator API token of the inbox-sync on PostgreSQL. */
	public static final String OPERATOR_TOKEN = "test-operator-token-on-postgres";

	private static EmbeddedPostgres postgres;

	/** The server, started on first use. */
	public static synchronized EmbeddedPostgres server() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.start();
				createDatabase(postgres.getPostgresDatabase());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return postgres;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		EmbeddedPostgres server = server();
		try {
			// Last in line, so these win over InboxSyncTestSupport's data dir.
			TestPropertyValues
				.of("spring.datasource.url=" + server.getJdbcUrl("postgres", DATABASE),
						"spring.datasource.username=postgres", "spring.datasource.password=",
						"inbox-sync.data-dir=" + Files.createTempDirectory("inbox-sync-test-postgres-"),
						// A shared database needs a configured operator token: it refuses
						// to
						// start with a generated one.
						OperatorApiToken.PROPERTY + "=" + OPERATOR_TOKEN)
				.applyTo(context.getEnvironment(), TestPropertyValues.Type.MAP, "inbox-sync-on-postgres");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A new, empty database on the server, for a test of its own; its JDBC URL (user
	 * postgres, no password).
	 */
	public static String newDatabase(String name) {
		createDatabase(server().getPostgresDatabase(), name);
		return server().getJdbcUrl("postgres", name);
	}

	private static void createDatabase(DataSource admin) {
		createDatabase(admin, DATABASE);
	}

	private static void createDatabase(DataSource admin, String name) {
		try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create the test database", ex);
		}
	}

}

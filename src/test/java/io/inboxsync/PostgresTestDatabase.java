package io.inboxsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.inboxsync.web.OperatorApiToken;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real PostgreSQL for the whole test run (no Docker needed), started on first use and
 * stopped when the JVM exits, once the inbox-syncs using it have stopped: stopped beside
 * them, it left their last statements waiting for a connection until the pool gave up. As
 * an initializer, it points a test's inbox-sync at its own database there, and at a data
 * dir of its own, since the H2 context of the other tests keeps running (its broker
 * journal and folders must not be shared).
 */
public final class PostgresTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String DATABASE = "inbox_sync";

	/** The operator API token of the inbox-sync on PostgreSQL. */
	public static final String OPERATOR_TOKEN = "test-operator-token-on-postgres";

	private static final Duration CONTEXTS_STOP_WITHIN = Duration.ofSeconds(20);

	private static final List<ConfigurableApplicationContext> CONTEXTS = new CopyOnWriteArrayList<>();

	private static EmbeddedPostgres postgres;

	/** The server, started on first use. */
	public static synchronized EmbeddedPostgres server() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
				createDatabase(postgres.getPostgresDatabase());
				Runtime.getRuntime()
					.addShutdownHook(new Thread(PostgresTestDatabase::stopAfterItsContexts, "postgres-test-stop"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return postgres;
	}

	/** Runs beside Spring's shutdown hook, which closes the contexts. */
	private static void stopAfterItsContexts() {
		try {
			Awaitility.await()
				.atMost(CONTEXTS_STOP_WITHIN)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> CONTEXTS.stream().noneMatch(ConfigurableApplicationContext::isActive));
		}
		catch (ConditionTimeoutException ex) {
			// Stop it anyway: an orphaned server would outlive the build.
		}
		try {
			postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		EmbeddedPostgres server = server();
		CONTEXTS.add(context);
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

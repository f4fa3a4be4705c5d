package io.inboxsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The producers outside inbox-sync that {@link WithOutsideProducers} tests play: the
 * broker acceptor's port and account, and one real Kafka broker (KRaft, no ZooKeeper, no
 * Docker) for the whole test run, started on first use and stopped when the JVM exits. As
 * an initializer, it points a test's inbox-sync at them, with a data dir of its own,
 * since the other tests' context keeps running (its broker journal and folders must not
 * be shared).
 */
public final class OutsideProducersContext implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	public static final String PRODUCER_USER = "crm-producer";

	/** As the environment would give it (INBOX_SYNC_BROKER_ACCEPTOR_PASSWORD). */
	public static final String PRODUCER_PASSWORD = "outside-producer-password";

	private static final int ACCEPTOR_PORT = freePort();

	private static EmbeddedKafkaKraftBroker kafka;

	/** The broker acceptor's URL, as an outside producer would configure it. */
	public static String acceptorUrl() {
		return "tcp://localhost:" + ACCEPTOR_PORT;
	}

	/** The Kafka broker, started on first use. */
	public static synchronized EmbeddedKafkaKraftBroker kafka() {
		if (kafka == null) {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
			broker.afterPropertiesSet();
			Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
			kafka = broker;
		}
		return kafka;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		try {
			// Last in line, so these win over InboxSyncTestSupport's data dir.
			TestPropertyValues
				.of("inbox-sync.broker.acceptor.enabled=true", "inbox-sync.broker.acceptor.host=localhost",
						"inbox-sync.broker.acceptor.port=" + ACCEPTOR_PORT,
						"inbox-sync.broker.acceptor.user=" + PRODUCER_USER,
						"inbox-sync.broker.acceptor.password=" + PRODUCER_PASSWORD,
						"inbox-sync.kafka.bootstrap-servers=" + kafka().getBrokersAsString(),
						"inbox-sync.data-dir=" + Files.createTempDirectory("inbox-sync-test-outside-"))
				.applyTo(context.getEnvironment(), TestPropertyValues.Type.MAP, "inbox-sync-with-outside-producers");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package io.inboxsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of inbox-sync, as a platform team runs them: real processes sharing an
 * external Artemis (made by this test without inbox-sync's queue settings, reached over
 * TCP) and a PostgreSQL database, behind alternating posts. One is killed with SIGKILL
 * mid-stream. Every accepted event reaches each contact exactly once and in order; a dead
 * letter made through one instance is replayed through the other. Wix is this test's
 * sandbox.
 */
class TwoInstancesTest extends InboxSyncTestSupport {

	private static final int EVENTS = 40;

	private static final String OPERATOR_TOKEN = "two-instances-operator-token";

	private EmbeddedActiveMQ broker;

	private final List<ChildInboxSync> children = new ArrayList<>();

	@AfterEach
	void stopAll() throws Exception {
		for (ChildInboxSync child : this.children) {
			child.kill();
		}
		if (this.broker != null) {
			this.broker.stop();
		}
	}

	@Test
	void twoInstancesDeliverEveryEventOnceAndInOrderThoughOneIsKilled() throws Exception {
		int brokerPort = ChildInboxSync.freePort();
		startBroker(brokerPort);
		String database = PostgresTestDatabase
			.newDatabase("two_instances_" + UUID.randomUUID().toString().substring(0, 8));
		List<String> settings = List.of("spring.artemis.mode=native",
				"spring.artemis.broker-url=tcp://localhost:" + brokerPort, "spring.datasource.url=" + database,
				"spring.datasource.username=postgres", "spring.datasource.password=",
				"inbox-sync.api.token=" + OPERATOR_TOKEN,
				"inbox-sync.wix.base-url=http://localhost:" + this.port + "/wix-sandbox",
				"inbox-sync.wix.api-key=" + SandboxWix.API_KEY, "inbox-sync.wix.site-id=" + SandboxWix.SITE_ID,
				"inbox-sync.delivery.initial-backoff=50ms", "inbox-sync.wix.read-timeout=2s");
		ChildInboxSync first = start("two-instances-a", settings);
		ChildInboxSync second = start("two-instances-b", settings);

		String email = uniqueEmail("two-instances");
		List<String> contactIds = List.of(this.wix.createContact(email), this.wix.createAnotherContact(email));
		// Slow sends and some 503s, so the kill lands while deliveries are under way and
		// some are being retried.
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 0, "latencyMillis", 100, "match", email));
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 503, "rate", 0.2, "match", "two-text"));

		List<String> accepted = new ArrayList<>();
		for (int i = 0; i < EVENTS; i++) {
			ChildInboxSync instance = (i % 2 == 0 || i >= EVENTS / 2) ? second : first;
			if (i == EVENTS / 2) {
				first.kill();
			}
			assertThat(instance.postChat("two-" + email + "-" + i, email, "two-text " + i)).isEqualTo(202);
			accepted.add("two-text " + i);
		}

		for (String contactId : contactIds) {
			List<String> arrived = Awaitility.await()
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> this.wix.textsInOrder(contactId), (texts) -> texts.size() >= EVENTS);
			assertThat(arrived).containsExactlyElementsOf(accepted);
		}

		// A dead letter recorded through one instance is replayed through the other.
		this.wix.clearFaults();
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 400, "count", 2, "match", "refused-text"));
		assertThat(second.postChat("refused-" + email, email, "refused-text")).isEqualTo(202);
		Api secondApi = new Api("http://localhost:" + second.port(), OPERATOR_TOKEN);
		JsonNode deadLetters = eventually().atMost(Duration.ofSeconds(60))
			.until(() -> secondApi.deadLetters("?eventId=refused-" + email + "&status=OPEN"),
					(page) -> page.path("total").asInt() == 2);
		assertThat(deadLetters.path("total").asInt()).isEqualTo(2);
		// A bulk replay started on a restarted first instance, followed on the second.
		ChildInboxSync restarted = start("two-instances-a", settings);
		Api restartedApi = new Api("http://localhost:" + restarted.port(), OPERATOR_TOKEN);
		Api.Reply started = restartedApi.operator(HttpMethod.POST, "/api/dead-letters/replay?eventId=refused-" + email);
		assertThat(started.status()).isEqualTo(202);
		String job = "/api/dead-letters/replay-jobs/" + started.json().path("jobId").asText();
		JsonNode finished = eventually().atMost(Duration.ofSeconds(60))
			.until(() -> secondApi.operator(HttpMethod.GET, job).json(),
					(progress) -> "DONE".equals(progress.path("status").asText()));
		assertThat(finished.path("replayed").asInt()).isEqualTo(2);
		for (String contactId : contactIds) {
			eventually().atMost(Duration.ofSeconds(60))
				.until(() -> this.wix.textsInOrder(contactId),
						(texts) -> texts.size() == EVENTS + 1 && "refused-text".equals(texts.get(EVENTS)));
		}
	}

	private ChildInboxSync start(String name, List<String> settings) throws Exception {
		ChildInboxSync child = ChildInboxSync.start(Files.createTempDirectory("inbox-sync-" + name + "-"),
				ChildInboxSync.freePort(), name, settings);
		this.children.add(child);
		return child;
	}

	/**
	 * A broker as {@code artemis create} makes it: none of inbox-sync's queue settings, a
	 * TCP acceptor.
	 */
	private void startBroker(int port) throws Exception {
		Path journal = Files.createTempDirectory("inbox-sync-external-artemis-");
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(true);
		configuration.setJournalDirectory(journal.resolve("journal").toString());
		configuration.setBindingsDirectory(journal.resolve("bindings").toString());
		configuration.setLargeMessagesDirectory(journal.resolve("large").toString());
		configuration.setPagingDirectory(journal.resolve("paging").toString());
		configuration.setSecurityEnabled(false);
		configuration.addAcceptorConfiguration("tcp", "tcp://localhost:" + port);
		this.broker = new EmbeddedActiveMQ().setConfiguration(configuration);
		this.broker.start();
	}

}

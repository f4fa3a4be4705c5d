package io.inboxsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpMethod;

import static io.inboxsync.InboxSyncTestSupport.eventually;
import static io.inboxsync.InboxSyncTestSupport.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of inbox-sync, as a platform team runs them: real processes sharing an
 * external Artemis (made by this test without inbox-sync's queue settings, reached over
 * TCP) and a PostgreSQL database, behind alternating posts. One is killed with SIGKILL
 * mid-stream. Every accepted event reaches each contact exactly once and in order; a dead
 * letter made through one instance is replayed through the other. Wix is a sandbox in a
 * third process, limiting the site to 200 calls a minute as Wix does: the instances share
 * one pace under it, and drain a backlog together at that pace.
 */
@RunsBesideTheSuite
class TwoInstancesTest {

	private static final Logger log = LoggerFactory.getLogger(TwoInstancesTest.class);

	private static final int EVENTS = 40;

	private static final String OPERATOR_TOKEN = "two-instances-operator-token";

	private static final int SITE_LIMIT_PER_MINUTE = 200;

	/** The instances' default pace, under the site's limit. */
	private static final int PACE_PER_MINUTE = 190;

	/** The turns the instances' default pace gives at once after a quiet spell. */
	private static final int PACE_BURST = 5;

	private static final int BACKLOG_CUSTOMERS = 10;

	private static final int BACKLOG_EVENTS_EACH = 6;

	private static final String SHARED_DROP = "shared-inbox";

	private EmbeddedActiveMQ broker;

	private ChildInboxSync sandbox;

	private SandboxWix wix;

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
		this.sandbox = ChildInboxSync.sandbox(SITE_LIMIT_PER_MINUTE);
		this.wix = this.sandbox.wix();
		int brokerPort = ChildInboxSync.freePort();
		startBroker(brokerPort);
		String database = PostgresTestDatabase
			.newDatabase("two_instances_" + UUID.randomUUID().toString().substring(0, 8));
		Path sharedFolder = Files.createTempDirectory("inbox-sync-shared-folder-");
		Path sources = sharedSources(sharedFolder);
		List<String> settings = List.of("inbox-sync.sources.dir=" + sources, "inbox-sync.folders.read-lock-expiry=5s",
				"spring.artemis.mode=native", "spring.artemis.broker-url=tcp://localhost:" + brokerPort,
				"spring.datasource.url=" + database, "spring.datasource.username=postgres",
				"spring.datasource.password=", "inbox-sync.api.token=" + OPERATOR_TOKEN,
				"inbox-sync.wix.base-url=" + this.sandbox.wixBaseUrl(), "inbox-sync.wix.api-key=" + SandboxWix.API_KEY,
				"inbox-sync.wix.site-id=" + SandboxWix.SITE_ID, "inbox-sync.delivery.initial-backoff=50ms",
				"inbox-sync.wix.read-timeout=2s");
		this.wix.clearCalls();
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
			assertThat(arrivedAtLeast(contactId, EVENTS)).as(() -> whatHappened(email, second, first))
				.containsExactlyElementsOf(accepted);
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
		// Through the kill, the retries and the replay, the instances kept under the
		// site's limit.
		assertThat(this.wix.calls().path("refusedForRateLimit").path("total").asLong()).isZero();

		drainASharedFolderTogetherAtTheSitesPace(sharedFolder, List.of(restarted, second));
	}

	/**
	 * A backlog dropped into a folder both instances watch (a network share, as far as
	 * they can tell): each file is read by one of them, each line reaches Wix once and in
	 * its file's order, and together the instances call Wix at their shared pace, not
	 * more (each at its own pace would be twice the site's limit), and not less.
	 */
	private void drainASharedFolderTogetherAtTheSitesPace(Path sharedFolder, List<ChildInboxSync> instances)
			throws Exception {
		List<String> contactIds = new ArrayList<>();
		List<String> emails = new ArrayList<>();
		for (int customer = 0; customer < BACKLOG_CUSTOMERS; customer++) {
			emails.add(uniqueEmail("backlog-" + customer));
			contactIds.add(this.wix.createContact(emails.get(customer)));
		}
		List<String> texts = new ArrayList<>();
		for (int line = 0; line < BACKLOG_EVENTS_EACH; line++) {
			texts.add("backlog-text " + line);
		}
		this.wix.clearCalls();
		Path drop = Files.createDirectories(sharedFolder.resolve(SHARED_DROP));
		Path staging = Files.createTempDirectory("inbox-sync-staging-");
		for (int customer = 0; customer < BACKLOG_CUSTOMERS; customer++) {
			String email = emails.get(customer);
			List<String> lines = new ArrayList<>();
			for (int line = 0; line < texts.size(); line++) {
				lines.add("{\"id\": \"backlog-" + email + "-" + line + "\", \"email\": \"" + email + "\", \"text\": \""
						+ texts.get(line) + "\"}");
			}
			Path file = Files.write(staging.resolve("backlog-" + customer + ".jsonl"), lines);
			// Moved in whole, as a file lands on a share.
			Files.move(file, drop.resolve(file.getFileName()));
		}
		for (String contactId : contactIds) {
			assertThat(arrivedAtLeast(contactId, texts.size()))
				.as(() -> whatHappened("backlog-", instances.get(0), instances.get(1)))
				.containsExactlyElementsOf(texts);
		}
		eventually().atMost(Duration.ofSeconds(60))
			.until(() -> filesIn(drop.resolve(".done")).size() == BACKLOG_CUSTOMERS && filesIn(drop).isEmpty());
		assertThat(drop.resolve(".error")).doesNotExist();
		for (ChildInboxSync instance : instances) {
			// What a second reader of a file would log once the first has moved it.
			assertThat(instance.logLinesWith("Cannot rename")).isEmpty();
		}

		JsonNode calls = this.wix.calls();
		long total = calls.path("total").asLong();
		Duration span = Duration.between(Instant.parse(calls.path("first").asText()),
				Instant.parse(calls.path("last").asText()));
		// The burst's turns come at the span's start; the rest, one per interval.
		double perMinute = (total - PACE_BURST) * 60_000.0 / span.toMillis();
		log.info("Two instances drained {} Wix calls in {} ms: {} a minute", total, span.toMillis(),
				String.format(Locale.ROOT, "%.1f", perMinute));
		assertThat(calls.path("refusedForRateLimit").path("total").asLong()).isZero();
		assertThat(perMinute).isLessThanOrEqualTo(SITE_LIMIT_PER_MINUTE).isGreaterThanOrEqualTo(PACE_PER_MINUTE * 0.97);
	}

	private static List<Path> filesIn(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	/**
	 * The instances' source files: the chat tool's webhook, and a folder source on the
	 * shared folder.
	 */
	private static Path sharedSources(Path sharedFolder) throws IOException {
		Path sources = Files.createTempDirectory("inbox-sync-shared-sources-");
		Files.copy(Path.of("routes", "sources", "chat-tool.yaml"), sources.resolve("chat-tool.yaml"));
		Files.writeString(sources.resolve("shared-drop.yaml"), """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-folder-source
				    routeId: inbox-sync-source-shared-drop
				    parameters:
				      - {name: name, value: shared-drop}
				      - {name: folder, value: "%s"}
				      - {name: pollDelay, value: "200"}
				      - {name: settleTime, value: "200"}
				      - {name: eventId, value: $.id}
				      - {name: email, value: $.email}
				      - {name: text, value: $.text}
				""".formatted(sharedFolder.resolve(SHARED_DROP)));
		return sources;
	}

	/**
	 * The texts in the contact's conversation once it holds so many, or when tired of
	 * waiting.
	 */
	private List<String> arrivedAtLeast(String contactId, int count) {
		try {
			return Awaitility.await()
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> this.wix.textsInOrder(contactId), (texts) -> texts.size() >= count);
		}
		catch (ConditionTimeoutException ex) {
			return this.wix.textsInOrder(contactId);
		}
	}

	/** The dead letters, and what each instance logged of the customer's events. */
	private String whatHappened(String email, ChildInboxSync live, ChildInboxSync... others) {
		StringBuilder story = new StringBuilder("dead letters: ");
		story.append(new Api("http://localhost:" + live.port(), OPERATOR_TOKEN).deadLetters("?limit=100"));
		try {
			for (ChildInboxSync instance : Stream.concat(Stream.of(live), Stream.of(others)).toList()) {
				story.append("\n--- instance on port ").append(instance.port()).append(":\n");
				instance.logLinesWith(email).forEach((line) -> story.append(line).append('\n'));
			}
		}
		catch (IOException ex) {
			story.append("(logs unreadable: ").append(ex.getMessage()).append(')');
		}
		return story.toString();
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

package io.inboxsync;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accepted events survive a SIGKILL in the middle of delivery, and none reaches Wix twice. inbox-sync runs as a real
 * child process; Wix is this test's sandbox, which outlives the child as the real Wix would.
 */
class CrashSafetyTest extends InboxSyncTestSupport {

	private static final int EVENTS = 30;

	private Process child;

	@AfterEach
	void stopChild() {
		if (this.child != null) {
			this.child.destroyForcibly();
		}
	}

	@Test
	void eventsAcceptedBeforeAKillAreAllDeliveredOnceAfterRestart() throws Exception {
		Path dataDir = Files.createTempDirectory("inbox-sync-crash-");
		int port = freePort();
		String email = uniqueEmail("crash");
		String contactId = this.wix.createContact(email);
		// Slow sends, so the kill lands while deliveries are under way.
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 0, "latencyMillis", 150, "match", email));

		this.child = startChild(dataDir, port);
		for (int i = 0; i < EVENTS; i++) {
			int status = postEvent(port, email, i);
			assertThat(status).isEqualTo(202);
		}
		eventually().until(() -> this.wix.messages(contactId).size() >= 3);
		this.child.destroyForcibly().waitFor();
		int deliveredBeforeKill = this.wix.messages(contactId).size();

		this.child = startChild(dataDir, port);

		Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> this.wix.messages(contactId).size() >= EVENTS);
		List<String> texts = new ArrayList<>();
		this.wix.messages(contactId)
			.forEach((message) -> texts.add(message.path("content").path("basic").path("items").get(0).path("text").asText()));
		assertThat(deliveredBeforeKill).isLessThan(EVENTS);
		assertThat(texts).hasSize(EVENTS).doesNotHaveDuplicates();
	}

	/** The service as an operator runs it, pointed at this test's sandbox as its Wix. */
	private Process startChild(Path dataDir, int port) throws IOException, InterruptedException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path log = Path.of("target", "crash-test-child.log");
		Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, InboxSyncApplication.class.getName(),
				"--server.port=" + port, "--inbox-sync.data-dir=" + dataDir,
				"--inbox-sync.wix.base-url=http://localhost:" + this.port + "/wix-sandbox",
				"--inbox-sync.wix.api-key=" + SandboxWix.API_KEY, "--inbox-sync.wix.site-id=" + SandboxWix.SITE_ID,
				"--inbox-sync.delivery.initial-backoff=50ms")
			.directory(new File("."))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		HttpClient http = HttpClient.newHttpClient();
		Awaitility.await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> {
			assertThat(process.isAlive()).as("the child is running (see %s)", log).isTrue();
			return http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode() == 200;
		});
		return process;
	}

	private static int postEvent(int port, String email, int number) throws IOException, InterruptedException {
		String body = "{\"id\": \"crash-" + email + "-" + number + "\", \"contact\": {\"email\": \"" + email
				+ "\"}, \"message\": {\"text\": \"event " + number + "\"}}";
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/chat-tool"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

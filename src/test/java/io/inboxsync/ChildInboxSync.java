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
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * inbox-sync as an operator runs it, in a child process a test can kill -9 and start
 * again on the same data dir.
 */
final class ChildInboxSync {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static ChildInboxSync sandbox;

	private final Process process;

	private final int port;

	private final Path log;

	private ChildInboxSync(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts the service with these settings (name=value, without the leading dashes) and
	 * waits until healthy.
	 */
	static ChildInboxSync start(Path dataDir, int port, String logName, List<String> settings) throws IOException {
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path log = Path.of("target", logName + ".log");
		// Quick to start rather than fast at peak (C1 only, the serial collector): a
		// child
		// waits on Wix's pace, and its start competes with the rest of the suite.
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-cp", classpath, InboxSyncApplication.class.getName(), "--server.port=" + port,
				"--inbox-sync.data-dir=" + dataDir));
		settings.forEach((setting) -> command.add("--" + setting));
		Process process = new ProcessBuilder(command).directory(new File("."))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		Awaitility.await().atMost(Duration.ofSeconds(240)).ignoreExceptions().until(() -> {
			assertThat(process.isAlive()).as("the child is running (see %s)", log).isTrue();
			return HTTP
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString())
				.statusCode() == 200;
		});
		return new ChildInboxSync(process, port, log);
	}

	/**
	 * The Wix sandbox on its own (the {@code sandbox-only} profile), for the tests whose
	 * instances must share a Wix or outlive theirs, and must not share the suite's: one
	 * process for them all (they run one at a time), started on first use, its faults and
	 * counts cleared and the site limited to so many calls a minute.
	 */
	static synchronized ChildInboxSync sandbox(int requestsPerMinute) throws IOException {
		if (sandbox == null) {
			sandbox = start(Files.createTempDirectory("inbox-sync-sandbox-"), freePort(), "child-wix-sandbox",
					List.of("spring.profiles.active=sandbox-only"));
			Runtime.getRuntime()
				.addShutdownHook(new Thread(sandbox.process::destroyForcibly, "child-wix-sandbox-stop"));
		}
		SandboxWix wix = sandbox.wix();
		wix.clearFaults();
		wix.clearCalls();
		wix.limitRate(requestsPerMinute);
		return sandbox;
	}

	/** Its sandbox, as a site owner checks it. */
	SandboxWix wix() {
		return new SandboxWix(wixBaseUrl());
	}

	/** Where inbox-sync reaches its sandbox ({@code inbox-sync.wix.base-url}). */
	String wixBaseUrl() {
		return "http://localhost:" + this.port + "/wix-sandbox";
	}

	int port() {
		return this.port;
	}

	/**
	 * The lines of its log that hold the text, to tell what happened when a test fails.
	 */
	List<String> logLinesWith(String text) throws IOException {
		try (Stream<String> lines = Files.lines(this.log)) {
			return lines.filter((line) -> line.contains(text)).toList();
		}
	}

	/** Posts a chat-tool event and answers the status. */
	int postChat(String eventId, String email, String text) throws IOException, InterruptedException {
		String body = "{\"id\": \"" + eventId + "\", \"contact\": {\"email\": \"" + email
				+ "\"}, \"message\": {\"text\": \"" + text + "\"}}";
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/chat-tool"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	/** SIGKILL: no shutdown hook, no graceful stop. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}

package io.inboxsync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.inboxsync.source.SourceCheck;
import io.inboxsync.source.SourceFolder;
import io.inboxsync.source.SourceFolder.SourceFileStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source files take effect while the service runs: new, changed and deleted files within a poll, and a broken file
 * is reported with its name and line without stopping the other sources. Uses its own folder of real files, loaded
 * the way the service loads routes/sources at startup.
 */
class SourceFolderTest extends InboxSyncTestSupport {

	@TempDir
	Path folder;

	@Autowired
	SourceCheck sourceCheck;

	private SourceFolder sources;

	@BeforeEach
	void sources() {
		this.sources = new SourceFolder(this.camelContext, this.folder, Duration.ofMillis(200), this.sourceCheck::check);
	}

	@AfterEach
	void close() {
		this.sources.close();
	}

	@Test
	void aBrokenFileIsReportedWithItsLineAndTheOtherSourcesStillLoad() throws Exception {
		write("good.yaml", webhook("test-folder-good", "$.text"));
		write("broken.yaml", webhook("test-folder-broken", "$.text").replace("    parameters:", "    parameters:\n  - oops: ["));

		this.sources.start();

		assertThat(status("good.yaml").routeIds()).containsExactly("inbox-sync-source-test-folder-good");
		assertThat(status("good.yaml").error()).isNull();
		assertThat(status("broken.yaml").routeIds()).isEmpty();
		assertThat(status("broken.yaml").error()).startsWith("broken.yaml line ");
		assertThat(post("test-folder-good", "hello").status()).isEqualTo(202);
	}

	@Test
	void aFileThatLoadsButCannotWorkIsRefusedWithTheReason() throws Exception {
		write("typo.yaml", webhook("test-folder-typo", "$.text").replace("name: email", "name: emial"));
		write("no-secret.yaml", webhook("test-folder-no-secret", "$.text")
			.replace("    parameters:", "    parameters:\n      - name: signatureHeader\n        value: X-Signature\n"
					+ "      - name: signatureSecret\n        value: \"{{inbox-sync.sources.unset.secret}}\""));

		write("anonymous.yaml", webhook("test-folder-anonymous", "$.text").replace("    routeId: inbox-sync-source-test-folder-anonymous\n", ""));

		this.sources.start();

		assertThat(status("anonymous.yaml").error()).startsWith("anonymous.yaml line 1: ").contains("a source's routeId must start with inbox-sync-source-");
		assertThat(status("typo.yaml").error()).startsWith("typo.yaml line 3: route inbox-sync-source-test-folder-typo: unknown parameter [emial]");
		assertThat(status("no-secret.yaml").error()).contains("inbox-sync.sources.unset.secret");
		assertThat(this.camelContext.getRoute("inbox-sync-source-test-folder-typo")).isNull();
		assertThat(post("test-folder-no-secret", "hello").status()).isEqualTo(404);
	}

	@Test
	void aFileCannotTakeOverTheRouteIdOfAnotherSource() throws Exception {
		write("copy.yaml", webhook("test-folder-copy", "$.text")
			.replace("routeId: inbox-sync-source-test-folder-copy", "routeId: inbox-sync-source-chat-tool"));

		this.sources.start();

		assertThat(status("copy.yaml").error()).isEqualTo(
				"copy.yaml line 3: route inbox-sync-source-chat-tool: its id is already used by a route of inbox-sync");
		assertThat(this.api.postJson("chat-tool", Map.of("contact", Map.of("email", "jane@example.com"), "message",
				Map.of("text", "still here"))).status()).isEqualTo(202);
		assertThat(post("test-folder-copy", "hello").status()).isEqualTo(404);
	}

	@Test
	void newChangedAndDeletedFilesTakeEffectWhileRunning() throws Exception {
		this.sources.start();

		write("live.yaml", webhook("test-folder-live", "$.text"));
		eventually().until(() -> post("test-folder-live", "first").status() == 202);

		write("live.yaml", webhook("test-folder-live", "$.message"));
		eventually().until(() -> post("test-folder-live", "second").status() == 400);

		write("live.yaml", "- templatedRoute: [not, a, source\n");
		eventually().until(() -> status("live.yaml").error() != null);
		assertThat(status("live.yaml").error()).startsWith("live.yaml line ");
		assertThat(status("live.yaml").routeIds()).containsExactly("inbox-sync-source-test-folder-live");
		assertThat(post("test-folder-live", "third").status()).as("the previous version keeps running").isEqualTo(400);

		Files.delete(this.folder.resolve("live.yaml"));
		eventually().until(() -> this.camelContext.getRoute("inbox-sync-source-test-folder-live") == null);
		assertThat(post("test-folder-live", "fourth").status()).isEqualTo(404);
		assertThat(this.sources.status()).isEmpty();
	}

	private Api.Reply post(String source, String text) {
		return this.api.postJson(source, Map.of("email", "jane@example.com", "text", text));
	}

	private SourceFileStatus status(String file) {
		return this.sources.status()
			.stream()
			.filter((status) -> status.file().equals(file))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no status for " + file + ": " + this.sources.status()));
	}

	private void write(String name, String content) throws Exception {
		Path temporary = Files.createTempFile(this.folder.getParent(), "source-", ".tmp");
		Files.writeString(temporary, content, StandardCharsets.UTF_8);
		Files.move(temporary, this.folder.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

	private static String webhook(String name, String textPath) {
		return """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    routeId: inbox-sync-source-%s
				    parameters:
				      - name: name
				        value: %s
				      - name: email
				        value: $.email
				      - name: text
				        value: "%s"
				""".formatted(name, name, textPath);
	}

}


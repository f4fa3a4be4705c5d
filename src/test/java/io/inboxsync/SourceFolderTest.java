package io.inboxsync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.inboxsync.source.SourceCompiler;
import io.inboxsync.source.SourceFolder;
import io.inboxsync.source.SourceFolder.SourceFileStatus;
import io.inboxsync.source.RunningSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source files take effect while the service runs: new, changed and deleted files within
 * a poll, and a broken file is reported with its name and line without stopping the other
 * sources. Uses its own folder of real files, loaded the way the service loads
 * routes/sources at startup.
 */
class SourceFolderTest extends InboxSyncTestSupport {

	@TempDir
	Path folder;

	@Autowired
	SourceCompiler compiler;

	@Autowired
	RunningSources running;

	private SourceFolder sources;

	@BeforeEach
	void sources() {
		this.sources = new SourceFolder(this.camelContext, this.folder, Duration.ofMillis(200), this.compiler,
				this.running);
	}

	@AfterEach
	void close() {
		this.sources.close();
	}

	@Test
	void aBrokenFileIsReportedWithItsLineAndTheOtherSourcesStillLoad() throws Exception {
		write("good.yaml", webhook("test-folder-good", "$.text"));
		write("broken.yaml",
				webhook("test-folder-broken", "$.text").replace("    parameters:", "    parameters:\n  - oops: ["));

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
		write("no-secret.yaml", webhook("test-folder-no-secret", "$.text").replace("    parameters:",
				"    parameters:\n      - name: signatureHeader\n        value: X-Signature\n"
						+ "      - name: signatureSecret\n        value: \"{{inbox-sync.sources.unset.secret}}\""));

		write("anonymous.yaml", webhook("test-folder-anonymous", "$.text")
			.replace("routeId: inbox-sync-source-test-folder-anonymous", "routeId: my-route"));

		this.sources.start();

		assertThat(status("anonymous.yaml").error()).startsWith("anonymous.yaml line 3: ")
			.contains("a source's routeId must start with inbox-sync-source-");
		assertThat(status("typo.yaml").error()).startsWith("typo.yaml line 7: unknown parameter [emial]");
		assertThat(status("no-secret.yaml").error()).contains("inbox-sync.sources.unset.secret");
		assertThat(this.camelContext.getRoute("inbox-sync-source-test-folder-typo")).isNull();
		assertThat(post("test-folder-no-secret", "hello").status()).isEqualTo(404);
	}

	@Test
	void aFileCannotTakeOverTheRouteIdOfAnotherSource() throws Exception {
		write("copy.yaml", webhook("test-folder-copy", "$.text").replace("routeId: inbox-sync-source-test-folder-copy",
				"routeId: inbox-sync-source-chat-tool"));

		this.sources.start();

		assertThat(status("copy.yaml").error())
			.isEqualTo("copy.yaml line 3: its routeId inbox-sync-source-chat-tool is already used by source chat-tool");
		assertThat(this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", "jane@example.com"), "message", Map.of("text", "still here")))
			.status()).isEqualTo(202);
		assertThat(post("test-folder-copy", "hello").status()).isEqualTo(404);
	}

	@Test
	void aFileHoldingAnythingButInstancesOfSourceTemplatesIsRefusedAndRunsNothing() throws Exception {
		Path witness = this.folder.getParent().resolve("created-by-a-source-file");
		write("route.yaml", """
				- route:
				    id: inbox-sync-source-takeover
				    from:
				      uri: platform-http:/webhooks/chat-tool
				      steps:
				        - setBody:
				            constant: taken
				""");
		write("beans.yaml", """
				- beans:
				    - name: witness
				      type: java.io.FileOutputStream
				      constructors:
				        "0": "%s"
				""".formatted(witness));
		write("other-template.yaml",
				webhook("test-folder-other", "$.text").replace("inbox-sync-webhook-source", "inbox-sync-pipeline"));
		write("mixed.yaml", webhook("test-folder-mixed", "$.text") + """
				- route:
				    from:
				      uri: timer:tick
				      steps:
				        - log: tick
				""");

		this.sources.start();

		assertThat(status("route.yaml").error()).startsWith("route.yaml line 1: only '- templatedRoute:' entries");
		assertThat(status("beans.yaml").error()).startsWith("beans.yaml line 1: only '- templatedRoute:' entries");
		assertThat(status("other-template.yaml").error()).startsWith(
				"other-template.yaml line 1: routeTemplateRef 'inbox-sync-pipeline' is not one of inbox-sync's source templates");
		assertThat(status("mixed.yaml").error()).startsWith("mixed.yaml line 11: only '- templatedRoute:' entries");
		assertThat(this.camelContext.getRoute("inbox-sync-source-takeover")).isNull();
		assertThat(this.camelContext.getRoute("inbox-sync-source-test-folder-mixed")).isNull();
		assertThat(witness).doesNotExist();
		assertThat(this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", "jane@example.com"), "message", Map.of("text", "still ours")))
			.status()).isEqualTo(202);
	}

	@Test
	void aFileCannotTakeTheNameOrWhatAnotherSourceReadsNorParametersOfAnotherKind() throws Exception {
		write("same-name.yaml", webhook("chat-tool", "$.text").replace("routeId: inbox-sync-source-chat-tool",
				"routeId: inbox-sync-source-chat-tool-2"));
		write("same-folder.yaml", """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-folder-source
				    parameters:
				      - {name: name, value: test-folder-same-folder}
				      - {name: folder, value: inbox/bookings}
				      - {name: email, value: $.email}
				      - {name: text, value: $.text}
				""");
		write("wrong-kind.yaml", webhook("test-folder-wrong-kind", "$.text").replace("    parameters:",
				"    parameters:\n      - name: folder\n        value: /tmp"));

		this.sources.start();

		assertThat(status("same-name.yaml").error())
			.isEqualTo("same-name.yaml line 5: its name chat-tool is already used by source chat-tool");
		assertThat(status("same-folder.yaml").error()).startsWith("same-folder.yaml line 1: it reads folder ")
			.endsWith("inbox/bookings, which is already used by source bookings-export");
		assertThat(status("wrong-kind.yaml").error()).isEqualTo(
				"wrong-kind.yaml line 5: parameter folder belongs to inbox-sync-folder-source, not to inbox-sync-webhook-source");
		assertThat(post("test-folder-wrong-kind", "hello").status()).isEqualTo(404);
	}

	@Test
	void expressionsAndConstantsAreCheckedWhenTheFileLoads() throws Exception {
		Map<String, String> refused = Map.of("bad-path.yaml", webhook("test-folder-bad-path", "$.[oops"),
				"camel-expression.yaml", webhook("test-folder-camel-expression", "Hi ${sysenv.HOME}"),
				"alternative-syntax.yaml", webhook("test-folder-alternative-syntax", "$simple{sys.user.home}"),
				"property.yaml", webhook("test-folder-property", "{{inbox-sync.wix.api-key}}"), "unknown-kind.yaml",
				webhook("test-folder-unknown-kind", "$.text").replace("    parameters:",
						"    parameters:\n      - name: kind\n        value: MINIMUM"));

		refused.forEach(this::write);
		this.sources.start();

		assertThat(status("bad-path.yaml").error())
			.startsWith("bad-path.yaml line 9: parameter text: '$.[oops' is not a valid JSONPath");
		assertThat(status("camel-expression.yaml").error())
			.startsWith("camel-expression.yaml line 9: parameter text: 'Hi ${sysenv.HOME}' uses a Camel expression");
		assertThat(status("alternative-syntax.yaml").error()).contains("line 9: parameter text: ")
			.contains("uses a Camel expression");
		assertThat(status("property.yaml").error()).startsWith("property.yaml line 9: parameter text: ")
			.contains("a template inserts payload fields only");
		assertThat(status("unknown-kind.yaml").error())
			.isEqualTo("unknown-kind.yaml line 5: parameter kind: kind 'MINIMUM' is not one of [BASIC, MINIMAL]");
		assertThat(this.sources.status()).allSatisfy((file) -> assertThat(file.routeIds()).isEmpty());
	}

	@Test
	void aFileRefusedForTakingAnotherFilesNameLoadsOnceThatFileIsGone() throws Exception {
		write("first.yaml", webhook("test-folder-shared", "$.text"));
		this.sources.start();
		write("second.yaml", webhook("test-folder-shared", "$.text")
			.replace("routeId: inbox-sync-source-test-folder-shared", "routeId: inbox-sync-source-test-folder-second"));
		eventually().until(() -> this.sources.status().size() == 2);
		assertThat(status("second.yaml").error()).contains("its name test-folder-shared is already used by source");

		Files.delete(this.folder.resolve("first.yaml"));

		eventually().until(() -> this.camelContext.getRoute("inbox-sync-source-test-folder-second") != null);
		assertThat(status("second.yaml").error()).isNull();
		assertThat(post("test-folder-shared", "hello").status()).isEqualTo(202);
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

	private void write(String name, String content) {
		try {
			Path temporary = Files.createTempFile(this.folder.getParent(), "source-", ".tmp");
			Files.writeString(temporary, content, StandardCharsets.UTF_8);
			Files.move(temporary, this.folder.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
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

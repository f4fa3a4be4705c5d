package io.inboxsync.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import io.inboxsync.InboxSyncApplication;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile that runs the Wix sandbox on its own: the sandbox answers, and nothing of
 * inbox-sync runs.
 */
class SandboxOnlyProfileTest {

	@Test
	void onlyTheSandboxRuns() throws Exception {
		try (ConfigurableApplicationContext sandbox = new SpringApplicationBuilder(InboxSyncApplication.class)
			.profiles("sandbox-only")
			.run("--server.port=0", "--inbox-sync.data-dir=" + Files.createTempDirectory("sandbox-only-"),
					// beside the other tests' service in this JVM: its own in-VM broker
					"--spring.artemis.embedded.server-id=7")) {
			String base = "http://localhost" + ":" + sandbox.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();

			HttpResponse<String> query = http
				.send(HttpRequest.newBuilder(URI.create(base + "/wix-sandbox/contacts/v4/contacts/query"))
					.header("Authorization", "sandbox-api-key")
					.header("wix-site-id", "5a4db0c6-0000-4000-8000-5a4db0c65173")
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers
						.ofString("{\"query\": {\"filter\": {\"info.emails.email\": \"jane@example.com\"}}}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/chat-tool"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(query.statusCode()).isEqualTo(200);
			assertThat(query.body()).contains("4e600edc-db48-5260-9d04-7ea5c3e5fffd");
			assertThat(webhook.statusCode()).isEqualTo(404);
			assertThat(sandbox.getBean(CamelContext.class).getRoutes()).isEmpty();
		}
	}

}

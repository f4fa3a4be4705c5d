package io.inboxsync.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.inboxsync.reply.WixWebhookEvent;
import io.inboxsync.reply.WixWebhookVerifier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's Wix side of webhooks: signed RS256 with its app's key, sent again like
 * Wix when the app does not answer 200 within 1,250 ms.
 */
class SandboxWebhooksTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger answers = new AtomicInteger();

	private HttpServer app;

	private SandboxWebhooks webhooks;

	@AfterEach
	void stop() {
		this.webhooks.close();
		this.app.stop(0);
	}

	@Test
	void aWebhookNotAnswered200InTimeIsSentAgainUntilItIs() throws Exception {
		// First a 503, then no answer within 1,250 ms, then 200.
		start((attempt) -> (attempt == 1) ? 503 : (attempt == 2) ? -1 : 200);
		ObjectNode message = JSON.createObjectNode().put("id", "42").put("direction", "BUSINESS_TO_PARTICIPANT");
		message.putObject("sender").put("wixUserId", "user-1");

		this.webhooks.messageSentToParticipant("conversation-1", message);

		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.received.size() == 3);
		WixWebhookVerifier verifier = new WixWebhookVerifier(this.webhooks.webhookPublicKey(), JSON, Clock.systemUTC());
		List<WixWebhookEvent> events = this.received.stream().map(verifier::verify).toList();
		assertThat(events).extracting(WixWebhookEvent::id).containsOnly(events.get(0).id());
		assertThat(events.get(0).is(WixWebhookEvent.MESSAGE, WixWebhookEvent.MESSAGE_SENT_TO_PARTICIPANT)).isTrue();
		assertThat(events.get(0).body().path("conversationId").asText()).isEqualTo("conversation-1");
		assertThat(events.get(0).identity().path("identityType").asText()).isEqualTo("WIX_USER");
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.webhooks.deliveries().get(0).get("lastStatus").equals(200));
		assertThat(this.webhooks.deliveries().get(0).get("attempts")).isEqualTo(3);
	}

	private void start(java.util.function.IntUnaryOperator answer) throws IOException {
		this.app = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.app.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.app.createContext("/wix/webhooks", (exchange) -> {
			this.received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			int status = answer.applyAsInt(this.answers.incrementAndGet());
			if (status < 0) {
				try {
					Thread.sleep(SandboxWebhooks.ANSWER_WITHIN.toMillis() + 500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				status = 200;
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.app.start();
		this.webhooks = new SandboxWebhooks(
				new SandboxWebhookProperties("http://localhost:" + this.app.getAddress().getPort() + "/wix/webhooks",
						"", List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)), null),
				"app-1", "instance-1", JSON, Clock.systemUTC());
	}

}

package io.inboxsync;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Senders that stop halfway through their body hold no request thread: more of them than
 * Tomcat has threads (200) do not keep a normal sender or the health check waiting, and
 * each gets 408 once inbox-sync.webhooks.body-timeout (2 s in tests) has passed.
 */
class SlowSenderTest extends InboxSyncTestSupport {

	private static final int STUCK_SENDERS = 220;

	@Test
	void stuckSendersDoNotStallTheOthersAndGetA408() throws IOException {
		byte[] halfARequest = RawHttp.request("POST /webhooks/chat-tool HTTP/1.1",
				Map.of("Content-Type", "application/json", "Content-Length", "1000"),
				"{\"id\": \"stuck".getBytes(StandardCharsets.UTF_8));
		List<Socket> stuck = new ArrayList<>();
		try {
			for (int i = 0; i < STUCK_SENDERS; i++) {
				stuck.add(RawHttp.start(this.port, halfARequest));
			}

			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				Api.Reply reply = this.api.postJson("chat-tool", Map.of("contact",
						Map.of("email", uniqueEmail("patient")), "message", Map.of("text", "while others hang " + i)));
				assertThat(reply.status()).isEqualTo(202);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			}
			assertThat(this.api.send(HttpMethod.GET, "/actuator/health", null, null, Map.of()).status()).isIn(200, 503);

			for (Socket socket : stuck) {
				RawHttp.Reply reply = RawHttp.read(socket.getInputStream());
				assertThat(reply.status()).isEqualTo(408);
				assertThat(new ObjectMapper().readTree(reply.body()).path("reason").asText())
					.isEqualTo("the body did not arrive within 2 s");
			}
		}
		finally {
			for (Socket socket : stuck) {
				socket.close();
			}
		}
	}

}

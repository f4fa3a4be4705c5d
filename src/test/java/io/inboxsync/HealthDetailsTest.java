package io.inboxsync;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anyone may ask whether inbox-sync is up; only the operator (the API token) sees what it
 * is made of.
 */
class HealthDetailsTest extends InboxSyncTestSupport {

	@Test
	void aStrangerSeesTheStatusOnly() {
		Api.Reply reply = this.api.send(HttpMethod.GET, "/actuator/health", null, null, Map.of());

		assertThat(reply.json().path("status").asText()).isNotBlank();
		assertThat(reply.json().has("components")).isFalse();
		assertThat(reply.body()).doesNotContain(SandboxWix.SITE_ID)
			.doesNotContain("wix-sandbox")
			.doesNotContain(dataDir().toString());
	}

	@Test
	void aWrongTokenIsAStranger() {
		Api.Reply reply = this.api.send(HttpMethod.GET, "/actuator/health", null, null,
				Map.of("Authorization", "Bearer not-the-token"));

		assertThat(reply.json().has("components")).isFalse();
	}

	@Test
	void theOperatorSeesTheDetails() {
		JsonNode health = this.api.operator(HttpMethod.GET, "/actuator/health").json();

		assertThat(health.path("components").path("wix").path("details").path("sandbox").asBoolean()).isTrue();
		assertThat(health.path("components").path("camelHealth").path("status").asText()).isNotBlank();
		assertThat(health.path("components").path("jms").path("status").asText()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
	}

}

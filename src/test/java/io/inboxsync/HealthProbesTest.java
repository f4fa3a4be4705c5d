package io.inboxsync;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.wix.WixSignInCheck;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An orchestrator's probes: liveness is the process alone; readiness is the broker, the
 * database, the source files and Camel's routes, with Wix's sign-in reported but never
 * counted.
 */
class HealthProbesTest extends InboxSyncTestSupport {

	/** A route whose pause harms nothing: the hourly pruning. */
	private static final String HOUSEKEEPING_ROUTE = "inbox-sync-retention";

	@Autowired
	WixSignInCheck signInCheck;

	@Test
	void bothProbesAnswerUp() {
		eventually().until(() -> probe("readiness").status() == 200);

		assertThat(probe("liveness").status()).isEqualTo(200);
		assertThat(probe("liveness").json().path("status").asText()).isEqualTo("UP");
		assertThat(probe("readiness").json().path("status").asText()).isEqualTo("UP");
		assertThat(probe("readiness").json().has("components")).isFalse();
	}

	@Test
	void theOperatorSeesWhatReadinessIsMadeOf() {
		JsonNode readiness = this.api.operator(HttpMethod.GET, "/actuator/health/readiness").json();

		assertThat(readiness.path("components").fieldNames()).toIterable()
			.containsExactlyInAnyOrder("readinessState", "jms", "db", "sources", "camelHealth", "wixSignIn");
	}

	@Test
	void aRefusedWixSignInIsReportedButLeavesTheInstanceReady() {
		eventually().until(() -> probe("readiness").status() == 200);
		this.wix.fault(Map.of("path", "/contacts/v4/contacts/query", "status", 401, "count", 1));
		try {
			assertThat(this.signInCheck.check().getStatus()).isEqualTo(Status.DOWN);

			JsonNode wixSignIn = this.api.operator(HttpMethod.GET, "/actuator/health/readiness")
				.json()
				.path("components")
				.path("wixSignIn");
			assertThat(wixSignIn.path("status").asText()).isEqualTo("DEGRADED");
			assertThat(wixSignIn.path("details").path("reason").asText()).startsWith("Wix refused the sign-in (401)");
			assertThat(probe("readiness").status()).isEqualTo(200);
			assertThat(probe("readiness").json().path("status").asText()).isEqualTo("UP");
		}
		finally {
			this.signInCheck.check();
		}
	}

	@Test
	void aStoppedRouteTakesTheInstanceOutOfServiceButLeavesItAlive() throws Exception {
		eventually().until(() -> probe("readiness").status() == 200);
		this.camelContext.getRouteController().stopRoute(HOUSEKEEPING_ROUTE);
		try {
			Api.Reply readiness = probe("readiness");
			JsonNode details = this.api.operator(HttpMethod.GET, "/actuator/health/readiness").json();

			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.json().path("status").asText()).isEqualTo("DOWN");
			assertThat(details.path("components").path("camelHealth").path("status").asText()).isEqualTo("DOWN");
			assertThat(probe("liveness").status()).isEqualTo(200);
		}
		finally {
			this.camelContext.getRouteController().startRoute(HOUSEKEEPING_ROUTE);
		}
		eventually().until(() -> probe("readiness").status() == 200);
	}

	private Api.Reply probe(String group) {
		return this.api.send(HttpMethod.GET, "/actuator/health/" + group, null, null, Map.of());
	}

}

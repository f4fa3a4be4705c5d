package io.inboxsync.wix;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.InboxSyncTestSupport;
import io.inboxsync.MovingClock;
import io.inboxsync.config.InboxSyncProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-Wix sign-ins, API key and Wix app, tried against the running sandbox acting as
 * Wix: each test builds its own Wix client with those credentials and the sandbox as base
 * URL, so the shared Spring context stays as it is.
 */
class WixSignInTest extends InboxSyncTestSupport {

	@Autowired
	InboxSyncProperties properties;

	@Autowired
	ObjectMapper objectMapper;

	@Autowired
	WixSignInCheck runningCheck;

	@Test
	void aWixAppSignsInWithATokenItKeepsUntilItExpires() {
		InboxSyncProperties.Sandbox.App app = this.properties.sandbox().app();
		WixClient client = client(credentials(null, null, app.id(), app.secret(), app.instanceId()));
		String contactId = this.wix.createContact(uniqueEmail("app"));
		int tokensBefore = tokensIssued();

		String conversationId = client.getOrCreateConversation(contactId);
		client.getOrCreateConversation(contactId);

		assertThat(conversationId).isEqualTo(this.wix.conversationOf(contactId));
		assertThat(tokensIssued()).isEqualTo(tokensBefore + 1);
	}

	@Test
	void aWixAppFetchesANewTokenOnceWhenWixAnswers401() {
		InboxSyncProperties.Sandbox.App app = this.properties.sandbox().app();
		WixClient client = client(credentials(null, null, app.id(), app.secret(), app.instanceId()));
		String contactId = this.wix.createContact(uniqueEmail("revoked"));
		client.getOrCreateConversation(contactId);
		int tokensBefore = tokensIssued();

		this.wix.post("/_admin/app-tokens/revoke", null);
		String conversationId = client.getOrCreateConversation(contactId);

		assertThat(conversationId).isEqualTo(this.wix.conversationOf(contactId));
		assertThat(tokensIssued()).isEqualTo(tokensBefore + 1);
	}

	@Test
	void callsRefusedTogetherRenewTheAppsTokenOnce() {
		InboxSyncProperties.Sandbox.App app = this.properties.sandbox().app();
		WixAuth auth = connection(credentials(null, null, app.id(), app.secret(), app.instanceId())).auth();
		Map<String, String> rejected = auth.headers();
		int tokensBefore = tokensIssued();

		assertThat(auth.renewAfterUnauthorized(rejected)).isTrue();
		assertThat(auth.renewAfterUnauthorized(rejected)).isTrue();

		assertThat(tokensIssued()).isEqualTo(tokensBefore + 1);
		assertThat(auth.headers()).isNotEqualTo(rejected);
	}

	@Test
	void aWixAppAsksForANewTokenShortlyBeforeItsTokenExpires() {
		InboxSyncProperties.Sandbox.App app = this.properties.sandbox().app();
		MovingClock clock = new MovingClock(Instant.now());
		WixAuth.App auth = new WixAuth.App(app.id(), app.secret(), app.instanceId(),
				() -> "http://localhost:" + this.port + "/wix-sandbox", Duration.ofSeconds(5), Duration.ofSeconds(30),
				this.objectMapper, clock);
		String first = auth.headers().get("Authorization");

		clock.advance(app.tokenLifetime().minus(WixAuth.App.RENEW_BEFORE_EXPIRY).minusSeconds(1));
		String stillValid = auth.headers().get("Authorization");
		clock.advance(Duration.ofSeconds(2));
		String renewed = auth.headers().get("Authorization");

		assertThat(stillValid).isEqualTo(first);
		assertThat(renewed).isNotEqualTo(first);
		assertThat(auth.headers()).doesNotContainKey("wix-site-id");
	}

	@Test
	void anApiKeySignsInWithItsSite() {
		WixClient client = client(credentials(SANDBOX_KEY, SANDBOX_SITE, null, null, null));
		String contactId = this.wix.createContact(uniqueEmail("key"));

		assertThat(client.getOrCreateConversation(contactId)).isEqualTo(this.wix.conversationOf(contactId));
	}

	@Test
	void theCheckSaysWhyWixRefusesTheCredentials() {
		InboxSyncProperties.Sandbox.App app = this.properties.sandbox().app();

		Health wrongKey = check(credentials("not-the-key", SANDBOX_SITE, null, null, null));
		Health otherSite = check(credentials(SANDBOX_KEY, "00000000-0000-4000-8000-000000000000", null, null, null));
		Health noSite = check(credentials(SANDBOX_KEY, "", null, null, null));
		Health wrongSecret = check(credentials(null, null, app.id(), "not-the-secret", app.instanceId()));
		Health good = check(credentials(null, null, app.id(), app.secret(), app.instanceId()));

		assertThat(wrongKey.getStatus()).isEqualTo(Status.DOWN);
		assertThat(reason(wrongKey)).startsWith("Wix refused the sign-in (401)").doesNotContain("not-the-key");
		assertThat(reason(otherSite)).startsWith("Wix denied permission (403)");
		assertThat(reason(noSite)).contains("inbox-sync.wix.site-id is empty");
		assertThat(wrongSecret.getStatus()).isEqualTo(Status.DOWN);
		assertThat(reason(wrongSecret)).startsWith("Wix refused the app's credentials")
			.doesNotContain("not-the-secret");
		assertThat(good.getStatus()).isEqualTo(Status.UP);
		assertThat(good.getDetails().get("signIn").toString()).startsWith("Wix app " + app.id());
	}

	@Test
	void healthShowsWhetherWixTakesTheSignIn() {
		JsonNode health = this.api.operator(org.springframework.http.HttpMethod.GET, "/actuator/health").json();

		assertThat(health.path("components").path("wix").path("status").asText()).isEqualTo("UP");
		assertThat(health.path("components").path("wix").path("details").path("sandbox").asBoolean()).isTrue();
	}

	@Test
	void credentialsWithoutABaseUrlMeanTheRealWix() {
		WixConnection apiKey = connection(wix(null, "a-key", "a-site", null, null, null));
		WixConnection app = connection(wix("", "", "", "an-app", "a-secret", "an-instance"));

		assertThat(apiKey.usesSandbox()).isFalse();
		assertThat(apiKey.baseUrl()).isEqualTo("https://www.wixapis.com");
		assertThat(apiKey.auth().headers()).containsEntry("Authorization", "a-key")
			.containsEntry("wix-site-id", "a-site");
		assertThat(app.usesSandbox()).isFalse();
		assertThat(app.auth()).isInstanceOf(WixAuth.App.class);
		assertThat(app.auth().toString()).doesNotContain("a-secret");
	}

	private static final String SANDBOX_KEY = "sandbox-api-key";

	private static final String SANDBOX_SITE = "5a4db0c6-0000-4000-8000-5a4db0c65173";

	private InboxSyncProperties.Wix credentials(String apiKey, String siteId, String appId, String appSecret,
			String instanceId) {
		return wix("http://localhost:" + this.port + "/wix-sandbox", apiKey, siteId, appId, appSecret, instanceId);
	}

	/**
	 * Wix settings with these credentials, and the running service's timeouts, pace and
	 * circuit breaker.
	 */
	private InboxSyncProperties.Wix wix(String baseUrl, String apiKey, String siteId, String appId, String appSecret,
			String instanceId) {
		InboxSyncProperties.Wix running = this.properties.wix();
		return new InboxSyncProperties.Wix(baseUrl, apiKey, siteId, appId, appSecret, instanceId, Duration.ofSeconds(5),
				Duration.ofSeconds(30), running.rateLimit(), running.circuitBreaker());
	}

	private WixConnection connection(InboxSyncProperties.Wix wix) {
		return new WixConnection(withWix(wix), new MockEnvironment(), this.objectMapper);
	}

	private WixClient client(InboxSyncProperties.Wix wix) {
		return new WixClient(connection(wix), guard(wix), this.objectMapper, withWix(wix), ObservationRegistry.NOOP);
	}

	private WixCallGuard guard(InboxSyncProperties.Wix wix) {
		return new WixCallGuard(withWix(wix), WixPace.inProcess(wix.rateLimit()), new SimpleMeterRegistry());
	}

	private Health check(InboxSyncProperties.Wix wix) {
		WixConnection connection = connection(wix);
		return new WixSignInCheck(connection,
				new WixClient(connection, guard(wix), this.objectMapper, withWix(wix), ObservationRegistry.NOOP))
			.check();
	}

	private InboxSyncProperties withWix(InboxSyncProperties.Wix wix) {
		InboxSyncProperties running = this.properties;
		return new InboxSyncProperties(running.dataDir(), wix, running.sandbox(), running.webhooks(),
				running.pipeline(), running.delivery(), running.api(), running.cache(), running.broker(),
				running.kafka(), running.deadLetters(), running.folders());
	}

	private int tokensIssued() {
		return this.wix.get("/_admin/state").body().path("app").path("tokensIssued").asInt();
	}

	private static String reason(Health health) {
		return String.valueOf(health.getDetails().get("reason"));
	}

}

package io.inboxsync.sandbox;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.inboxsync.config.InboxSyncProperties;

/**
 * The one Wix app installed on the sandbox site: issues its access tokens as Wix's
 * {@code POST /oauth2/token} does (client credentials) and tells a live token from an
 * expired, revoked or made-up one.
 */
class SandboxAppTokens {

	private final InboxSyncProperties.Sandbox.App app;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Instant> expiryByToken = new HashMap<>();

	private final AtomicInteger issued = new AtomicInteger();

	SandboxAppTokens(InboxSyncProperties.Sandbox.App app, Clock clock) {
		this.app = app;
		this.clock = clock;
	}

	/**
	 * A new token for the app's instance; a wrong id, secret or instance is Wix's 401.
	 */
	synchronized Map<String, Object> issue(String clientId, String clientSecret, String instanceId) {
		boolean known = this.app.id().equals(clientId) && this.app.instanceId().equals(instanceId) && MessageDigest
			.isEqual(this.app.secret().getBytes(StandardCharsets.UTF_8), clientSecret.getBytes(StandardCharsets.UTF_8));
		if (!known) {
			throw WixError.application(401, "UNAUTHENTICATED",
					"the app id, secret or instance id is not that of an app installed on this site");
		}
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		String token = "OauthNG.JWS." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.expiryByToken.put(token, this.clock.instant().plus(this.app.tokenLifetime()));
		this.issued.incrementAndGet();
		return Map.of("access_token", token, "expires_in", this.app.tokenLifetime().toSeconds());
	}

	/** The instance a live token was issued for, or {@code null}. */
	synchronized String instanceOf(String token) {
		Instant expiry = this.expiryByToken.get(token);
		return (expiry != null && this.clock.instant().isBefore(expiry)) ? this.app.instanceId() : null;
	}

	/**
	 * Every token stops working, as after an app secret is rotated: clients must fetch
	 * new ones.
	 */
	synchronized void revokeAll() {
		this.expiryByToken.clear();
	}

	/**
	 * How many tokens were issued since the start: lets a test see that a client caches
	 * its token.
	 */
	int issued() {
		return this.issued.get();
	}

}

package io.inboxsync;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Wix webhooks as a test writes them: signed RS256 like Wix signs them, with the key the
 * tests' sandbox signs with (so inbox-sync takes them), or another.
 */
public final class WixWebhookTokens {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final KeyPair keys;

	private WixWebhookTokens(KeyPair keys) {
		this.keys = keys;
	}

	public static WixWebhookTokens newKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return new WixWebhookTokens(generator.generateKeyPair());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The private key in PKCS#8 PEM, as the sandbox's configuration takes it. */
	public String privateKeyPem() {
		return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(this.keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
	}

	/**
	 * A webhook for an event with this id, slug and body, expiring at {@code expiry}.
	 */
	public String token(String eventId, String entityFqdn, String slug, Map<String, Object> body, Instant expiry) {
		try {
			String event = JSON.writeValueAsString(Map.of("id", eventId, "entityFqdn", entityFqdn, "slug", slug,
					"entityId", eventId, "actionEvent", Map.of("body", body)));
			String envelope = JSON.writeValueAsString(Map.of("eventType", entityFqdn + "_" + slug, "instanceId",
					"test-instance", "data", event, "identity",
					JSON.writeValueAsString(Map.of("identityType", "WIX_USER", "wixUserId", "test-user"))));
			return sign(new JWTClaimsSet.Builder().claim("data", envelope)
				.issueTime(new Date())
				.expirationTime(Date.from(expiry))
				.build(), this.keys.getPrivate());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWTClaimsSet claims, PrivateKey key) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}

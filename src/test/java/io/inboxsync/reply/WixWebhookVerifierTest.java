package io.inboxsync.reply;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wix's webhooks as Wix's SDK checks them: RS256 with the app's key, not expired, nested
 * JSON text unpacked.
 */
class WixWebhookVerifierTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private final KeyPair wix = keys();

	private final WixWebhookVerifier verifier = new WixWebhookVerifier((RSAPublicKey) this.wix.getPublic(), JSON,
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void unpacksTheNestedEventOfAValidToken() throws Exception {
		WixWebhookEvent event = this.verifier.verify(signed(this.wix, claims(NOW.plusSeconds(60))));

		assertThat(event.id()).isEqualTo("ev-1");
		assertThat(event.instanceId()).isEqualTo("instance-1");
		assertThat(event.is(WixWebhookEvent.MESSAGE, WixWebhookEvent.MESSAGE_SENT_TO_PARTICIPANT)).isTrue();
		assertThat(event.body().path("conversationId").asText()).isEqualTo("c-1");
		assertThat(event.body().path("message").path("id").asText()).isEqualTo("42");
		assertThat(event.identity().path("identityType").asText()).isEqualTo("WIX_USER");
	}

	@Test
	void aTokenWithoutExpiryIsTakenAsWixSdkTakesIt() throws Exception {
		assertThat(this.verifier.verify(signed(this.wix, claims(null))).id()).isEqualTo("ev-1");
	}

	@Test
	void refusesAnotherKeysSignatureAnExpiredTokenAndUnsignedOnes() throws Exception {
		String other = signed(keys(), claims(NOW.plusSeconds(60)));
		String expired = signed(this.wix, claims(NOW.minusSeconds(120)));
		SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(NOW.plusSeconds(60)));
		hmac.sign(new MACSigner(new byte[32]));
		String unsigned = new PlainJWT(claims(NOW.plusSeconds(60))).serialize();

		assertRefused(other, "the webhook's signature does not match the Wix app's public key");
		assertRefused(expired, "the webhook has expired");
		assertRefused(hmac.serialize(), "the webhook is not signed with RS256");
		assertRefused(unsigned, "the webhook's body is not a signed JWT");
		assertRefused("", "the webhook has no body: Wix sends a JWT");
	}

	@Test
	void takesThePublicKeyAsPemOrBase64Pem() {
		String pem = WixPublicKeys.pem((RSAPublicKey) this.wix.getPublic());

		assertThat(WixPublicKeys.parse(pem)).isEqualTo(this.wix.getPublic());
		assertThat(WixPublicKeys.parse(Base64.getEncoder().encodeToString(pem.getBytes())))
			.isEqualTo(this.wix.getPublic());
		assertThatThrownBy(() -> WixPublicKeys.parse("not a key")).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("the Wix public key is neither a PEM block nor a PEM in base64");
	}

	private void assertRefused(String token, String reason) {
		assertThatThrownBy(() -> this.verifier.verify(token)).isInstanceOf(WixWebhookVerifier.RejectedException.class)
			.hasMessage(reason);
	}

	private static JWTClaimsSet claims(Instant expiry) throws Exception {
		String event = JSON.writeValueAsString(Map.of("id", "ev-1", "entityFqdn", "wix.crm.inbox.v2.message", "slug",
				"message_sent_to_participant", "entityId", "42", "actionEvent",
				Map.of("body", Map.of("conversationId", "c-1", "message", Map.of("id", "42")))));
		String data = JSON.writeValueAsString(Map.of("eventType",
				"wix.crm.inbox.v2.message_message_sent_to_participant", "instanceId", "instance-1", "data", event,
				"identity", JSON.writeValueAsString(Map.of("identityType", "WIX_USER", "wixUserId", "u-1"))));
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("data", data);
		if (expiry != null) {
			claims.expirationTime(Date.from(expiry));
		}
		return claims.build();
	}

	private static String signed(KeyPair keys, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		jwt.sign(new RSASSASigner(keys.getPrivate()));
		return jwt.serialize();
	}

	private static KeyPair keys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}

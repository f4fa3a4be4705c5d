package io.inboxsync.reply;

import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Checks a Wix webhook as Wix's own SDK does: the body is a JWT signed RS256 with the Wix
 * app's key, not expired when it says when it expires; its claim {@code data} is JSON
 * text holding {@code eventType}, {@code instanceId}, {@code data} (the event, JSON text
 * again) and {@code identity} (JSON text). Issuer and audience are not checked, as the
 * SDK does not.
 */
public class WixWebhookVerifier {

	/** Clocks differ a little between Wix and us. */
	static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private final RSAPublicKey publicKey;

	private final ObjectMapper objectMapper;

	private final Clock clock;

	public WixWebhookVerifier(RSAPublicKey publicKey, ObjectMapper objectMapper, Clock clock) {
		this.publicKey = publicKey;
		this.objectMapper = objectMapper;
		this.clock = clock;
	}

	/**
	 * @throws RejectedException with a reason that quotes nothing of the token
	 */
	public WixWebhookEvent verify(String token) {
		if (this.publicKey == null) {
			throw new RejectedException("no Wix app public key is configured (inbox-sync.replies.wix-public-key)");
		}
		SignedJWT jwt = parse(token);
		if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
			throw new RejectedException("the webhook is not signed with RS256");
		}
		if (!signatureMatches(jwt)) {
			throw new RejectedException("the webhook's signature does not match the Wix app's public key");
		}
		JWTClaimsSet claims = claims(jwt);
		Date expiry = claims.getExpirationTime();
		if (expiry != null && expiry.toInstant().plus(CLOCK_SKEW).isBefore(Instant.now(this.clock))) {
			throw new RejectedException("the webhook has expired");
		}
		JsonNode envelope = json(claims.getClaim("data"), "data");
		JsonNode event = json(envelope.get("data"), "data.data");
		JsonNode identity = envelope.hasNonNull("identity") ? json(envelope.get("identity"), "data.identity") : null;
		String id = text(event, "id");
		if (id == null) {
			throw new RejectedException("the webhook's event has no id");
		}
		return new WixWebhookEvent(id, text(envelope, "eventType"), text(envelope, "instanceId"),
				text(event, "entityFqdn"), text(event, "slug"), text(event, "entityId"),
				event.path("actionEvent").path("body"), identity);
	}

	private static SignedJWT parse(String token) {
		if (token == null || token.isBlank()) {
			throw new RejectedException("the webhook has no body: Wix sends a JWT");
		}
		try {
			return SignedJWT.parse(token.trim());
		}
		catch (ParseException | RuntimeException ex) {
			throw new RejectedException("the webhook's body is not a signed JWT");
		}
	}

	private boolean signatureMatches(SignedJWT jwt) {
		try {
			return jwt.verify(new RSASSAVerifier(this.publicKey));
		}
		catch (JOSEException | RuntimeException ex) {
			return false;
		}
	}

	private static JWTClaimsSet claims(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw new RejectedException("the webhook's claims are not JSON");
		}
	}

	/** A nested part: JSON text, as Wix sends it, or already an object. */
	private JsonNode json(Object value, String claim) {
		if (value instanceof JsonNode node && node.isTextual()) {
			return json(node.asText(), claim);
		}
		if (value instanceof JsonNode node && node.isObject()) {
			return node;
		}
		if (value instanceof String text) {
			try {
				JsonNode node = this.objectMapper.readTree(text);
				if (node != null && node.isObject()) {
					return node;
				}
			}
			catch (JsonProcessingException ex) {
				// said below
			}
			throw new RejectedException("the webhook's " + claim + " is not a JSON object");
		}
		if (value instanceof java.util.Map<?, ?> map) {
			return this.objectMapper.valueToTree(map);
		}
		throw new RejectedException("the webhook has no " + claim);
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isValueNode() && !value.asText().isEmpty()) ? value.asText() : null;
	}

	/** A webhook that is not Wix's, or no longer valid: answered 401. */
	public static class RejectedException extends RuntimeException {

		public RejectedException(String reason) {
			super(reason);
		}

	}

}

package io.inboxsync.source.signature;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers each provider adds to a webhook it signs, written from the provider's
 * documentation apart from the code under test, for the tests of the schemes and of the
 * gallery alike.
 */
public final class ProviderSignatures {

	private ProviderSignatures() {
	}

	/**
	 * Stripe: {@code Stripe-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}.
	 */
	public static Map<String, String> stripe(String secret, String body, Instant at) {
		return Map.of("Stripe-Signature", timestampedHex(secret, body, at));
	}

	/** Calendly: {@code Calendly-Webhook-Signature}, built as Stripe's. */
	public static Map<String, String> calendly(String secret, String body, Instant at) {
		return Map.of("Calendly-Webhook-Signature", timestampedHex(secret, body, at));
	}

	/**
	 * Twilio: base64 HMAC-SHA1, keyed with the auth token, of the URL it posts to
	 * followed by each form field's name and value, decoded, sorted by name.
	 */
	public static Map<String, String> twilio(String authToken, String url, String form) {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		for (String pair : form.split("&")) {
			int equals = pair.indexOf('=');
			fields.add(Map.entry(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1))));
		}
		fields.sort(Map.Entry.comparingByKey());
		StringBuilder signed = new StringBuilder(url);
		fields.forEach((field) -> signed.append(field.getKey()).append(field.getValue()));
		return Map.of("X-Twilio-Signature", base64(hmac("HmacSHA1", authToken, signed.toString())));
	}

	/**
	 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">}.
	 */
	public static Map<String, String> slack(String secret, String body, Instant at) {
		return Map.of("X-Slack-Request-Timestamp", "" + at.getEpochSecond(), "X-Slack-Signature",
				"v0=" + hex(hmac("HmacSHA256", secret, "v0:" + at.getEpochSecond() + ":" + body)));
	}

	/**
	 * GitHub and Meta: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}.
	 */
	public static Map<String, String> hubSignature256(String secret, String body) {
		return Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac("HmacSHA256", secret, body)));
	}

	/** Shopify: {@code X-Shopify-Hmac-SHA256}, the base64 HMAC-SHA256 of the body. */
	public static Map<String, String> shopify(String secret, String body) {
		return Map.of("X-Shopify-Hmac-SHA256", base64(hmac("HmacSHA256", secret, body)));
	}

	/**
	 * Intercom: {@code X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body>}, keyed with the
	 * client secret.
	 */
	public static Map<String, String> intercom(String secret, String body) {
		return Map.of("X-Hub-Signature", "sha1=" + hex(hmac("HmacSHA1", secret, body)));
	}

	/** Zendesk: the base64 HMAC-SHA256 of the ISO-8601 timestamp followed by the body. */
	public static Map<String, String> zendesk(String secret, String body, Instant at) {
		return Map.of("X-Zendesk-Webhook-Signature-Timestamp", at.toString(), "X-Zendesk-Webhook-Signature",
				base64(hmac("HmacSHA256", secret, at + body)));
	}

	/**
	 * HubSpot v3: the base64 HMAC-SHA256 of method, URL, body and timestamp in
	 * milliseconds.
	 */
	public static Map<String, String> hubSpotV3(String secret, String method, String url, String body, Instant at) {
		return Map.of("X-HubSpot-Request-Timestamp", "" + at.toEpochMilli(), "X-HubSpot-Signature-v3",
				base64(hmac("HmacSHA256", secret, method + url + body + at.toEpochMilli())));
	}

	/**
	 * Standard Webhooks (Svix):
	 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<seconds>.<body>">},
	 * keyed with the base64 part of the {@code whsec_} secret.
	 */
	public static Map<String, String> standardWebhooks(String secret, String messageId, String body, Instant at) {
		byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
		return Map.of("webhook-id", messageId, "webhook-timestamp", "" + at.getEpochSecond(), "webhook-signature",
				"v1," + base64(hmac("HmacSHA256", key, messageId + "." + at.getEpochSecond() + "." + body)));
	}

	/** A Standard Webhooks secret, as a sender shows it, of this key. */
	public static String whsec(String key) {
		return "whsec_" + base64(key.getBytes(StandardCharsets.UTF_8));
	}

	public static byte[] hmac(String algorithm, String secret, String content) {
		return hmac(algorithm, secret.getBytes(StandardCharsets.UTF_8), content);
	}

	public static byte[] hmac(String algorithm, byte[] key, String content) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key, algorithm));
			return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	public static String base64(byte[] bytes) {
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static String timestampedHex(String secret, String body, Instant at) {
		return "t=" + at.getEpochSecond() + ",v1=" + hex(hmac("HmacSHA256", secret, at.getEpochSecond() + "." + body));
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}

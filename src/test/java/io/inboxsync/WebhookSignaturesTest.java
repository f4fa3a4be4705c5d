package io.inboxsync;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook sources that name their sender's signature scheme ({@code verify}), and the
 * handshakes providers make before they send anything, end to end over HTTP.
 */
class WebhookSignaturesTest extends InboxSyncTestSupport {

	private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

	private static final Map<String, String> SIGNED = Map.of("signatureSecret",
			"{{inbox-sync.sources.test-signed.secret}}", "signatureSecretPrevious",
			"{{inbox-sync.sources.test-signed.previous-secret}}", "email", "$.email", "text", "$.text");

	@Test
	void aStripeSignedPostIsAcceptedAndAForgedOrReplayedOneRefusedWithTheCheckThatFailed() throws Exception {
		stripeSource();
		String email = uniqueEmail("stripe");
		String contactId = this.wix.createContact(email);
		String text = "Paid " + UUID.randomUUID();
		String body = "{\"email\": \"" + email + "\", \"text\": \"" + text + "\"}";
		long now = Instant.now().getEpochSecond();

		Api.Reply signed = postStripe(body, now, SIGNING_SECRET);
		Api.Reply previousSecret = postStripe(body.replace("Paid", "Paid again"), now, PREVIOUS_SIGNING_SECRET);
		Api.Reply tampered = postStripe(body, now, SIGNING_SECRET, body.replace("Paid", "Refunded"));
		Api.Reply replayed = postStripe(body, now - 600, SIGNING_SECRET);

		assertThat(signed.status()).isEqualTo(202);
		assertThat(signed.json().path("eventId").asText()).isNotBlank();
		assertThat(previousSecret.status()).isEqualTo(202);
		eventually().until(() -> this.wix.messages(contactId)
			.stream()
			.filter((message) -> text.equals(message.path("content").path("previewText").asText()))
			.count() == 1);
		assertThat(tampered.status()).isEqualTo(401);
		assertThat(tampered.json().path("error").asText()).isEqualTo("Unauthorized");
		assertThat(tampered.json().path("reason").asText()).isEqualTo(
				"the signature in header Stripe-Signature does not match the signed string '${timestamp}.${body}'");
		assertThat(replayed.status()).isEqualTo(401);
		assertThat(replayed.json().path("reason").asText())
			.isEqualTo("the timestamp in header Stripe-Signature is older than the tolerance of 300 s");
		for (Api.Reply refused : new Api.Reply[] { tampered, replayed }) {
			assertThat(refused.body()).doesNotContain(SIGNING_SECRET)
				.doesNotContain(hmacHex(SIGNING_SECRET, now + "." + body.replace("Paid", "Refunded")));
			assertThat(refused.headers().containsKey("Stripe-Signature")).isFalse();
		}
	}

	@Test
	void metasSubscriptionHandshakeIsAnsweredWhenTheVerifyTokenMatches() throws Exception {
		webhookSource("test-meta",
				with(Map.of("verify", "meta", "verifyToken", "{{inbox-sync.sources.test-signed.verify-token}}")));

		Api.Reply subscribed = this.api.send(HttpMethod.GET, "/webhooks/test-meta?hub.mode=subscribe&hub.verify_token="
				+ META_VERIFY_TOKEN + "&hub.challenge=1158201444", null, null, Map.of());
		Api.Reply wrongToken = this.api.send(HttpMethod.GET,
				"/webhooks/test-meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444", null, null,
				Map.of());
		Api.Reply noHandshake = this.api.send(HttpMethod.GET,
				"/webhooks/sms?hub.mode=subscribe&hub.verify_token=" + META_VERIFY_TOKEN + "&hub.challenge=1158201444",
				null, null, Map.of());
		String email = uniqueEmail("meta");
		String contactId = this.wix.createContact(email);
		String body = "{\"email\": \"" + email + "\", \"text\": \"Hi from WhatsApp\"}";
		Api.Reply event = this.api.send(HttpMethod.POST, "/webhooks/test-meta", JSON, body,
				Map.of("X-Hub-Signature-256", "sha256=" + hmacHex(SIGNING_SECRET, body)));

		assertThat(subscribed.status()).isEqualTo(200);
		assertThat(subscribed.headers().getContentType().toString()).startsWith(MediaType.TEXT_PLAIN_VALUE);
		assertThat(subscribed.body()).isEqualTo("1158201444");
		assertThat(wrongToken.status()).isEqualTo(403);
		assertThat(wrongToken.json().path("reason").asText()).isEqualTo("the hub.verify_token is missing or wrong");
		assertThat(wrongToken.body()).doesNotContain(META_VERIFY_TOKEN).doesNotContain("1158201444");
		assertThat(noHandshake.status()).isEqualTo(405);
		assertThat(event.status()).isEqualTo(202);
		awaitDelivered("test-meta", event.json().path("eventId").asText(), contactId);
	}

	@Test
	void slacksUrlVerificationIsAnsweredWithItsChallengeOnceSigned() throws Exception {
		webhookSource("test-slack", with(Map.of("verify", "slack")));
		String challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
		String body = "{\"token\": \"Jhj5dZrVaK7ZwHHjRyZWjbDl\", \"challenge\": \"" + challenge
				+ "\", \"type\": \"url_verification\"}";
		String timestamp = "" + Instant.now().getEpochSecond();

		Api.Reply verified = this.api.send(HttpMethod.POST, "/webhooks/test-slack", JSON, body,
				Map.of("X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature",
						"v0=" + hmacHex(SIGNING_SECRET, "v0:" + timestamp + ":" + body)));
		Api.Reply unsigned = this.api.send(HttpMethod.POST, "/webhooks/test-slack", JSON, body, Map.of());

		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.headers().getContentType().toString()).startsWith(MediaType.TEXT_PLAIN_VALUE);
		assertThat(verified.body()).isEqualTo(challenge);
		assertThat(unsigned.status()).isEqualTo(401);
		assertThat(unsigned.json().path("reason").asText())
			.isEqualTo("the signature header X-Slack-Signature is " + "missing or does not start with 'v0='");
	}

	private void stripeSource() throws Exception {
		webhookSource("test-stripe", with(Map.of("verify", "stripe")));
	}

	private static Map<String, String> with(Map<String, String> parameters) {
		Map<String, String> all = new java.util.LinkedHashMap<>(SIGNED);
		all.putAll(parameters);
		return all;
	}

	private Api.Reply postStripe(String body, long timestamp, String secret) throws Exception {
		return postStripe(body, timestamp, secret, body);
	}

	private Api.Reply postStripe(String signedBody, long timestamp, String secret, String sentBody) throws Exception {
		return this.api.send(HttpMethod.POST, "/webhooks/test-stripe", JSON, sentBody,
				Map.of("Stripe-Signature", "t=" + timestamp + ",v1=" + hmacHex(secret, timestamp + "." + signedBody)));
	}

	private static String hmacHex(String secret, String content) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
	}

}

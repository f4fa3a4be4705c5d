package io.inboxsync;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS example (routes/sources/sms.yaml): a provider posts form-encoded texts, signed;
 * each lands in the conversation of the contact with that phone.
 */
class SmsWebhookSourceTest extends InboxSyncTestSupport {

	/**
	 * The sandbox's demo contact Omar, whose phone is stored as (415) 555-0123 in the US.
	 */
	private static final String OMAR = "7f8e9d0c-1b2a-4394-8576-a6b5c4d3e2f1";

	private static final String FORM = "application/x-www-form-urlencoded";

	@Test
	void aSignedFormPostReachesTheContactWithThatPhone() throws Exception {
		String text = "Running 10 minutes late, désolé 🚗 " + UUID.randomUUID();
		String body = "MessageSid=SM" + UUID.randomUUID() + "&From=%2B14155550123&To=%2B14155550000&Body="
				+ java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);

		Api.Reply reply = postSms(body, "sha256=" + sign(SMS_SECRET, body));

		assertThat(reply.status()).isEqualTo(202);
		assertThat(reply.json().path("eventId").asText()).startsWith("SM");
		assertThat(reply.headers().containsKey("From")).isFalse();
		JsonNode message = eventually().until(() -> messageWithText(OMAR, text), (found) -> found != null);
		assertThat(message.path("direction").asText()).isEqualTo("PARTICIPANT_TO_BUSINESS");
		assertThat(message.path("badges").get(0).path("text").asText()).isEqualTo("SMS");
	}

	@Test
	void aWrongSignatureIsRefusedWith401() throws Exception {
		String body = "From=%2B14155550123&Body=Hello";

		Api.Reply forged = postSms(body, "sha256=" + sign("not-the-secret", body));
		Api.Reply unsigned = this.api.send(HttpMethod.POST, "/webhooks/sms", FORM, body, Map.of());

		assertThat(forged.status()).isEqualTo(401);
		assertThat(forged.json().path("reason").asText())
			.isEqualTo("the signature in header X-Sms-Signature does not match the body");
		assertThat(forged.headers().containsKey("X-Sms-Signature")).isFalse();
		assertThat(unsigned.status()).isEqualTo(401);
	}

	@Test
	void aSharedTokenCanStandInForASignature() throws Exception {
		webhookSource("test-token", Map.of("tokenHeader", "X-Webhook-Token", "token",
				"{{inbox-sync.sources.test-token.token}}", "phone", "$.From", "text", "$.Body"));

		Api.Reply wrong = this.api.send(HttpMethod.POST, "/webhooks/test-token", FORM, "From=%2B1&Body=x",
				Map.of("X-Webhook-Token", "guess"));
		Api.Reply right = this.api.send(HttpMethod.POST, "/webhooks/test-token", FORM, "From=%2B1&Body=x",
				Map.of("X-Webhook-Token", "t0ken"));

		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.json().path("reason").asText()).contains("X-Webhook-Token");
		assertThat(right.status()).isEqualTo(202);
		assertThat(right.headers().containsKey("X-Webhook-Token")).isFalse();
	}

	@Test
	void theTokenCountsOnlyInItsHeaderNotInTheUrlOrAFormField() throws Exception {
		webhookSource("test-token", Map.of("tokenHeader", "X-Webhook-Token", "token",
				"{{inbox-sync.sources.test-token.token}}", "phone", "$.From", "text", "$.Body"));

		Api.Reply inTheUrl = this.api.send(HttpMethod.POST, "/webhooks/test-token?X-Webhook-Token=t0ken", FORM,
				"From=%2B1&Body=x", Map.of());
		Api.Reply inTheForm = this.api.send(HttpMethod.POST, "/webhooks/test-token", FORM,
				"From=%2B1&Body=x&X-Webhook-Token=t0ken", Map.of());

		assertThat(inTheUrl.status()).isEqualTo(401);
		assertThat(inTheForm.status()).isEqualTo(401);
	}

	@Test
	void aFormWithoutTheMappedFieldsIsRefusedWithTheReason() throws Exception {
		String body = "Body=no+sender";

		Api.Reply reply = postSms(body, "sha256=" + sign(SMS_SECRET, body));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json().path("reason").asText()).contains("no customer email or phone")
			.contains("nothing at $.From");
	}

	private Api.Reply postSms(String body, String signature) {
		return this.api.send(HttpMethod.POST, "/webhooks/sms", FORM, body, Map.of("X-Sms-Signature", signature));
	}

	private JsonNode messageWithText(String contactId, String text) {
		return this.wix.messages(contactId)
			.stream()
			.filter((message) -> text.equals(message.path("content").path("previewText").asText()))
			.findFirst()
			.orElse(null);
	}

	static String sign(String secret, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}

}

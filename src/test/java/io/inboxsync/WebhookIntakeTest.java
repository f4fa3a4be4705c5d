package io.inboxsync;

import java.util.Map;

import io.inboxsync.metrics.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook answers bad input at once with a 4xx and a JSON reason: no stack trace, and
 * none of the request's headers echoed back.
 */
class WebhookIntakeTest extends InboxSyncTestSupport {

	private static final Map<String, String> SECRET_HEADER = Map.of("X-Webhook-Token", "s3cr3t-token");

	@Autowired
	MeterRegistry meters;

	@Test
	void aPayloadTheSourceDoesNotTakeIsAcknowledgedCountedAndNotQueued() throws Exception {
		webhookSource("test-accept-when", Map.of("acceptWhen", "$.type == 'message.created'", "eventId", "$.id",
				"email", "$.email", "text", "$.text"));
		String email = uniqueEmail("ignored");
		String contactId = this.wix.createContact(email);

		Api.Reply ignored = this.api.postJson("test-accept-when",
				Map.of("type", "message.deleted", "id", "ignored-1", "email", email, "text", "gone"));
		Api.Reply taken = this.api.postJson("test-accept-when",
				Map.of("type", "message.created", "id", "taken-1", "email", email, "text", "hello"));

		assertThat(ignored.status()).isEqualTo(200);
		assertThat(ignored.json().path("ignored").asText())
			.isEqualTo("acceptWhen: $.type == 'message.created' is not true ($.type is 'message.deleted')");
		assertThat(taken.status()).isEqualTo(202);
		awaitDelivered("test-accept-when", "taken-1", contactId);
		assertThat(this.wix.messages(contactId)).hasSize(1);
		assertThat(this.api.deadLetters("?eventId=ignored-1").path("total").asInt()).isZero();
		assertThat(this.meters.counter(PipelineMetrics.IGNORED, "source", "test-accept-when").count()).isEqualTo(1);
	}

	@Test
	void malformedJsonIsRefusedWithTheReason() {
		Api.Reply reply = post("application/json", "{\"contact\": {\"email\": ");

		assertRefused(reply, 400, "the body is not valid JSON");
	}

	@Test
	void anEventWithoutEmailOrPhoneIsRefused() {
		Api.Reply reply = post("application/json", "{\"message\": {\"text\": \"hi\"}}");

		assertRefused(reply, 400, "the payload has no customer email or phone (email: nothing at $.contact.email");
	}

	@Test
	void anEventWithoutTextIsRefused() {
		Api.Reply reply = post("application/json", "{\"contact\": {\"email\": \"jane@example.com\"}}");

		assertRefused(reply, 400, "the payload has no text (nothing at $.message.text)");
	}

	@Test
	void anUnknownDirectionIsRefused() {
		Api.Reply reply = post("application/json",
				"{\"direction\": \"sideways\", \"contact\": {\"email\": \"jane@example.com\"}, \"message\": {\"text\": \"hi\"}}");

		assertRefused(reply, 400, "direction 'sideways' is not one of");
	}

	@Test
	void anotherContentTypeIsRefused() {
		Api.Reply reply = post("text/plain", "hello");

		assertRefused(reply, 415, "this content type is not accepted; send application/json or");
	}

	@Test
	void anOversizedBodyIsRefused() {
		String body = "{\"message\": {\"text\": \"" + "a".repeat(1024 * 1024) + "\"}}";

		Api.Reply reply = post("application/json", body);

		assertRefused(reply, 413, "the body is larger than the limit of 1048576 bytes");
	}

	@Test
	void aSourceThatDoesNotExistIsNotFound() {
		Api.Reply reply = this.api.send(HttpMethod.POST, "/webhooks/no-such-source", "application/json", "{}",
				SECRET_HEADER);

		assertRefused(reply, 404, "no-such-source");
	}

	@Test
	void onlyPostIsAccepted() {
		Api.Reply reply = this.api.send(HttpMethod.GET, "/webhooks/chat-tool", null, null, SECRET_HEADER);

		assertRefused(reply, 405, "webhook sources accept POST only");
	}

	@Test
	void theSamePayloadTwiceGetsTheSameEventId() {
		String payload = "{\"contact\": {\"email\": \"jane@example.com\"}, \"message\": {\"text\": \"same\"}}";
		String reordered = "{\"message\": {\"text\": \"same\"},\n \"contact\": {\"email\": \"jane@example.com\"}}";

		Api.Reply first = post("application/json", payload);
		Api.Reply second = post("application/json; charset=UTF-8", reordered);

		assertThat(first.status()).isEqualTo(202);
		assertThat(second.json().path("eventId").asText()).isEqualTo(first.json().path("eventId").asText());
		assertThat(first.headers().containsKey("X-Webhook-Token")).isFalse();
	}

	private Api.Reply post(String contentType, String body) {
		return this.api.send(HttpMethod.POST, "/webhooks/chat-tool", contentType, body, SECRET_HEADER);
	}

	private static void assertRefused(Api.Reply reply, int status, String reason) {
		assertThat(reply.status()).isEqualTo(status);
		assertThat(reply.headers().getContentType()).hasToString("application/json");
		assertThat(reply.json().path("status").asInt()).isEqualTo(status);
		assertThat(reply.json().path("reason").asText()).contains(reason);
		assertThat(reply.body()).doesNotContain("Exception").doesNotContain("s3cr3t-token");
		assertThat(reply.headers().containsKey("X-Webhook-Token")).isFalse();
	}

}

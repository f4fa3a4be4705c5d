package io.inboxsync;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source file is tried against a sample payload before it goes live: the dry run shows the event it would make, or
 * the reason it would refuse the payload, and queues nothing.
 */
class SourceDryRunTest extends InboxSyncTestSupport {

	@Test
	void aSamplePayloadShowsTheEventItWouldBecome() {
		Api.Reply reply = dryRun("chat-tool", "application/json", """
				{"id": "msg-dry-1", "sentAt": "2026-11-25T09:30:00Z", "direction": "outbound",
				 "contact": {"email": "Jane@Example.com"}, "message": {"text": "Ready for pickup"}}""");

		assertThat(reply.status()).isEqualTo(200);
		JsonNode event = reply.json().path("event");
		assertThat(event.path("eventId").asText()).isEqualTo("msg-dry-1");
		assertThat(event.path("source").asText()).isEqualTo("chat-tool");
		assertThat(event.path("customer").path("email").asText()).isEqualTo("jane@example.com");
		assertThat(event.path("message").path("direction").asText()).isEqualTo("BUSINESS_TO_PARTICIPANT");
		assertThat(event.path("message").path("badge").path("text").asText()).isEqualTo("Chat");
		assertThat(this.api.deadLetters("?eventId=msg-dry-1").path("total").asInt()).isZero();
	}

	@Test
	void aFormSampleIsReadAsTheWebhookReadsIt() {
		Api.Reply reply = dryRun("sms", "application/x-www-form-urlencoded",
				"MessageSid=SM-dry&From=%2B14155550123&Body=See+you+soon");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("event").path("customer").path("phone").asText()).isEqualTo("+14155550123");
		assertThat(reply.json().path("event").path("message").path("text").asText()).isEqualTo("See you soon");
	}

	@Test
	void aSampleLineOfAFolderSourceShowsItsActivityLine() {
		Api.Reply reply = dryRun("bookings-export", "application/json", """
				{"bookingId": "bk-dry", "createdAt": 1764063000, "customer": {"email": "jane@example.com"},
				 "service": {"name": "Spa Treatment"}}""");

		assertThat(reply.json().path("event").path("message").path("kind").asText()).isEqualTo("MINIMAL");
		assertThat(reply.json().path("event").path("message").path("text").asText()).isEqualTo("Booked Spa Treatment");
		assertThat(reply.json().path("event").path("occurredAt").asText()).isEqualTo("2025-11-25T09:30:00Z");
	}

	@Test
	void aSampleThatCannotBeMappedShowsTheReason() {
		Api.Reply missingText = dryRun("chat-tool", "application/json", "{\"contact\": {\"email\": \"jane@example.com\"}}");
		Api.Reply unknownSource = dryRun("no-such-source", "application/json", "{}");

		assertThat(missingText.status()).isEqualTo(400);
		assertThat(missingText.json().path("reason").asText()).isEqualTo("the payload has no text (nothing at $.message.text)");
		assertThat(unknownSource.status()).isEqualTo(404);
	}

	@Test
	void theSourcesListShowsEachFileAndItsRoutes() {
		JsonNode files = this.api.operator(HttpMethod.GET, "/api/sources").json().path("files");

		assertThat(files).anySatisfy((file) -> {
			assertThat(file.path("file").asText()).isEqualTo("sms.yaml");
			assertThat(file.path("routeIds").get(0).asText()).isEqualTo("inbox-sync-source-sms");
			assertThat(file.path("error").isNull()).isTrue();
		});
	}

	@Test
	void aSourceFileNotYetLiveIsTriedAgainstASample() {
		String file = """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    routeId: inbox-sync-source-my-sms
				    parameters:
				      - {name: name, value: my-sms}
				      - {name: eventId, value: $.MessageSid}
				      - {name: phone, value: $.From}
				      - {name: text, value: $.Body}
				      - {name: badgeText, value: SMS}
				""";

		Api.Reply reply = dryRunFile("my-sms.yaml", file, "application/x-www-form-urlencoded",
				"MessageSid=SM100&From=%2B14155550123&Body=Running+10+minutes+late");
		Api.Reply typo = dryRunFile("my-sms.yaml", file.replace("name: phone", "name: phnoe"), "application/json", "{}");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("routeId").asText()).isEqualTo("inbox-sync-source-my-sms");
		assertThat(reply.json().path("event").path("eventId").asText()).isEqualTo("SM100");
		assertThat(reply.json().path("event").path("customer").path("phone").asText()).isEqualTo("+14155550123");
		assertThat(reply.json().path("event").path("message").path("badge").path("text").asText()).isEqualTo("SMS");
		assertThat(this.camelContext.getRoute("inbox-sync-source-my-sms")).as("nothing was loaded").isNull();
		assertThat(typo.status()).isEqualTo(422);
		assertThat(typo.json().path("reason").asText()).startsWith("my-sms.yaml: unknown parameter [phnoe]");
	}

	@Test
	void aFileTriedOutCannotReadTheServicesSecrets() {
		String file = """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    parameters:
				      - {name: name, value: leak}
				      - {name: email, value: $.email}
				      - {name: text, value: "%s"}
				""";

		for (String leak : List.of("{{inbox-sync.sources.sms.secret}}", "${env:HOME}", "${sys:user.home}",
				"${bean:operatorApiToken}")) {
			Api.Reply reply = dryRunFile("leak.yaml", file.formatted(leak), "application/json",
					"{\"email\": \"jane@example.com\"}");

			assertThat(reply.status()).as(leak).isEqualTo(422);
			assertThat(reply.json().path("reason").asText()).contains("a dry run maps the sample only");
			assertThat(reply.body()).doesNotContain(SMS_SECRET);
		}
	}

	private Api.Reply dryRunFile(String fileName, String file, String payloadType, String payload) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		HttpHeaders fileHeaders = new HttpHeaders();
		fileHeaders.setContentDispositionFormData("source", fileName);
		parts.add("source", new HttpEntity<>(file, fileHeaders));
		HttpHeaders payloadHeaders = new HttpHeaders();
		payloadHeaders.setContentDispositionFormData("payload", "sample");
		payloadHeaders.setContentType(MediaType.parseMediaType(payloadType));
		parts.add("payload", new HttpEntity<>(payload, payloadHeaders));
		return RestClient.create("http://localhost:" + this.port)
			.post()
			.uri("/api/sources/dry-run")
			.header("Authorization", "Bearer " + operatorToken())
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(parts)
			.exchange((request, response) -> new Api.Reply(response.getStatusCode().value(),
					new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
					response.getHeaders()));
	}

	private Api.Reply dryRun(String source, String contentType, String body) {
		return this.api.send(HttpMethod.POST, "/api/sources/" + source + "/dry-run", contentType, body,
				Map.of("Authorization", "Bearer " + operatorToken()));
	}

}

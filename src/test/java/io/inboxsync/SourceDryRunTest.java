package io.inboxsync;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source file is tried against a sample payload before it goes live: the dry run shows
 * the event it would make, or the reason it would refuse the payload, and queues nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
class SourceDryRunTest extends InboxSyncTestSupport {

	/** What a file that could write would write. */
	private static final Path WITNESS = dataDir().resolve("written-by-a-dry-run");

	@Test
	void aSamplePayloadShowsTheEventItWouldBecome() {
		String email = "Jane-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
		String contactId = this.wix.createContact(email);

		Api.Reply reply = dryRun("chat-tool", "application/json", """
				{"id": "msg-dry-1", "sentAt": "2026-11-25T09:30:00Z", "direction": "outbound",
				 "contact": {"email": "%s"}, "message": {"text": "Ready for pickup"}}""".formatted(email));

		assertThat(reply.status()).isEqualTo(200);
		JsonNode event = reply.json().path("event");
		assertThat(event.path("eventId").asText()).isEqualTo("msg-dry-1");
		assertThat(event.path("source").asText()).isEqualTo("chat-tool");
		assertThat(event.path("customer").path("email").asText()).isEqualTo(email);
		assertThat(event.path("message").path("direction").asText()).isEqualTo("BUSINESS_TO_PARTICIPANT");
		assertThat(event.path("message").path("badge").path("text").asText()).isEqualTo("Chat");
		// A customer's events are delivered in the order they were queued: had the dry
		// run queued its event, it would
		// reach the conversation before this one.
		String real = this.api
			.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", "For real")))
			.json()
			.path("eventId")
			.asText();
		awaitDelivered(real, contactId);
		assertThat(this.wix.messages(contactId)).hasSize(1);
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
		Api.Reply missingText = dryRun("chat-tool", "application/json",
				"{\"contact\": {\"email\": \"jane@example.com\"}}");
		Api.Reply unknownSource = dryRun("no-such-source", "application/json", "{}");

		assertThat(missingText.status()).isEqualTo(400);
		assertThat(missingText.json().path("reason").asText())
			.isEqualTo("the payload has no text (nothing at $.message.text)");
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
		Api.Reply typo = dryRunFile("my-sms.yaml", file.replace("name: phone", "name: phnoe"), "application/json",
				"{}");

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("routeId").asText()).isEqualTo("inbox-sync-source-my-sms");
		assertThat(reply.json().path("event").path("eventId").asText()).isEqualTo("SM100");
		assertThat(reply.json().path("event").path("customer").path("phone").asText()).isEqualTo("+14155550123");
		assertThat(reply.json().path("event").path("message").path("badge").path("text").asText()).isEqualTo("SMS");
		assertThat(this.camelContext.getRoute("inbox-sync-source-my-sms")).as("nothing was loaded").isNull();
		assertThat(typo.status()).isEqualTo(422);
		assertThat(typo.json().path("reason").asText()).startsWith("my-sms.yaml line 7: unknown parameter [phnoe]");
	}

	/**
	 * Every way an uploaded file has been seen to reach beyond its sample: Camel's
	 * expression languages in either syntax, property placeholders, OGNL on the Camel
	 * context that writes or reads files, a bean it instantiates, a route of its own.
	 * Each is refused before anything runs, and no answer or log line holds a secret.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("attacks")
	void aFileTriedOutReadsWritesAndRunsNothingBeyondItsSample(String attack, String file, CapturedOutput log) {
		Api.Reply reply = dryRunFile("attack.yaml", file.replace("WITNESS", WITNESS.toString()), "application/json",
				"{\"email\": \"jane@example.com\", \"text\": \"hi\"}");

		assertThat(reply.status()).isEqualTo(422);
		assertThat(reply.json().path("reason").asText()).startsWith("attack.yaml line ");
		assertThat(WITNESS).as("no file was written").doesNotExist();
		assertThat(this.camelContext.getRoute("inbox-sync-source-attack")).as("no route was added").isNull();
		for (String secret : List.of(SMS_SECRET, "sandbox-api-key", "sandbox-app-secret",
				System.getProperty("user.home"), operatorToken())) {
			assertThat(reply.body()).doesNotContain(secret);
			assertThat(log.getAll()).doesNotContain(secret);
		}
	}

	static Stream<Arguments> attacks() {
		String mapping = """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    parameters:
				      - {name: name, value: attack}
				      - {name: email, value: $.email}
				      - name: text
				        value: '%s'
				""";
		return Stream.of(
				Arguments.of("the simple language, alternative syntax",
						mapping.formatted("x $simple{sysenv.INBOX_SYNC_WIX_API_KEY} $simple{sys.user.home}")),
				Arguments.of("a property through simple",
						mapping.formatted("$simple{properties:inbox-sync.sandbox.api-key}")),
				Arguments.of("the environment", mapping.formatted("${env:HOME}")),
				Arguments.of("a system property", mapping.formatted("${sys:user.home}")),
				Arguments.of("a bean", mapping.formatted("${bean:operatorApiToken}")),
				Arguments.of("a property placeholder", mapping.formatted("{{inbox-sync.sources.sms.secret}}")),
				Arguments.of("OGNL writing a file",
						mapping.formatted(
								"${camelContext.createProducerTemplate().sendBody(\"file:WITNESS\", \"pwned\")}")),
				Arguments.of("OGNL reading a file", mapping.formatted(
						"${camelContext.createConsumerTemplate().receiveBodyNoWait(\"file:/etc?fileName=hostname&noop=true\")}")),
				Arguments.of("a template reaching for a property",
						mapping.formatted("{{ inbox-sync.sandbox.api-key }}")),
				Arguments.of("a bean it instantiates", """
						- beans:
						    - name: witness
						      type: java.io.FileOutputStream
						      constructors:
						        "0": "WITNESS"
						- templatedRoute:
						    routeTemplateRef: inbox-sync-webhook-source
						    parameters:
						      - {name: name, value: attack}
						      - {name: text, value: $.text}
						"""), Arguments.of("a route of its own", """
						- route:
						    id: inbox-sync-source-attack
						    from:
						      uri: timer:attack?repeatCount=1
						      steps:
						        - to: "file:WITNESS"
						"""),
				Arguments.of("a secret in a parameter that is no secret",
						"""
								- templatedRoute:
								    routeTemplateRef: inbox-sync-webhook-source
								    parameters:
								      - {name: name, value: attack}
								      - {name: text, value: $.text}
								      - {name: signatureHeader, value: X-Signature}
								      - {name: signatureSecret, value: "{{inbox-sync.sources.sms.secret}}"}
								      - {name: signatureEncoding, value: "{{inbox-sync.sandbox.api-key}}|{{inbox-sync.sources.sms.secret}}"}
								"""),
				Arguments.of("a placeholder in the route's own parameters", """
						- templatedRoute:
						    routeTemplateRef: inbox-sync-queue-source
						    parameters:
						      - {name: name, value: attack}
						      - {name: queue, value: "{{inbox-sync.sandbox.api-key}}"}
						      - {name: text, value: $.text}
						"""));
	}

	@Test
	void aSecretIsNamedNeverWrittenAndNeverResolvedForADryRun() {
		String file = """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    parameters:
				      - {name: name, value: signed}
				      - {name: email, value: $.email}
				      - {name: text, value: $.text}
				      - {name: signatureHeader, value: X-Signature}
				      - {name: signatureSecret, value: %s}
				""";

		Api.Reply named = dryRunFile("signed.yaml", file.formatted("'{{inbox-sync.sources.not-set-anywhere}}'"),
				"application/json", "{\"email\": \"jane@example.com\", \"text\": \"hi\"}");
		Api.Reply written = dryRunFile("signed.yaml", file.formatted("my-secret-value"), "application/json", "{}");

		assertThat(named.status()).isEqualTo(200);
		assertThat(written.status()).isEqualTo(422);
		assertThat(written.json().path("reason").asText()).isEqualTo("signed.yaml line 8: parameter signatureSecret "
				+ "must name the property that holds the secret, {{inbox-sync.sources.<name>}}, set from the environment: "
				+ "a secret is never written in a source file");
	}

	@Test
	void theDryRunShowsEachTypeOfPayloadAndWhyOneIsIgnored() {
		String file = """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    parameters:
				      - {name: name, value: calendly}
				      - {name: acceptWhen, value: "$.event in ['invitee.created', 'invitee.canceled']"}
				      - {name: eventType, value: $.event}
				      - {name: email, value: $.payload.email}
				      - {name: kind, value: MINIMAL}
				      - {name: timeZone, value: Europe/London}
				      - {name: "text[invitee.created]", value: "Booked {{ $.payload.scheduled_event.name }} for {{ $.payload.scheduled_event.start_time | time: 'EEE d MMM, HH:mm' }}"}
				      - {name: "text[invitee.canceled]", value: "Cancelled {{ $.payload.scheduled_event.name }}"}
				""";
		String payload = """
				{"event": "%s", "payload": {"email": "jane@example.com",
				 "scheduled_event": {"name": "Consultation", "start_time": "2026-11-28T14:00:00.000000Z"}}}""";

		Api.Reply created = dryRunFile("calendly.yaml", file, "application/json", payload.formatted("invitee.created"));
		Api.Reply canceled = dryRunFile("calendly.yaml", file, "application/json",
				payload.formatted("invitee.canceled"));
		Api.Reply other = dryRunFile("calendly.yaml", file, "application/json",
				payload.formatted("routing_form_submission.created"));

		assertThat(created.json().path("event").path("message").path("text").asText())
			.isEqualTo("Booked Consultation for Sat 28 Nov, 14:00");
		assertThat(canceled.json().path("event").path("message").path("text").asText())
			.isEqualTo("Cancelled Consultation");
		assertThat(other.status()).isEqualTo(200);
		assertThat(other.json().path("ignored").asText()).isEqualTo("acceptWhen: $.event in ['invitee.created', "
				+ "'invitee.canceled'] is not true ($.event is 'routing_form_submission.created')");
		assertThat(other.json().has("event")).isFalse();
	}

	private Api.Reply dryRunFile(String fileName, String file, String payloadType, String payload) {
		return this.api.dryRunFile(fileName, file, payloadType, payload);
	}

	private Api.Reply dryRun(String source, String contentType, String body) {
		return this.api.send(HttpMethod.POST, "/api/sources/" + source + "/dry-run", contentType, body,
				Map.of("Authorization", "Bearer " + operatorToken()));
	}

}

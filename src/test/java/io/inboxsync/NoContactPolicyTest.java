package io.inboxsync;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An email that matches no contact: a dead letter by default, or what the source's policy
 * says.
 */
class NoContactPolicyTest extends InboxSyncTestSupport {

	@Autowired
	MeterRegistry meters;

	@Test
	void byDefaultTheEventBecomesADeadLetterWithItsReason() {
		String email = uniqueEmail("stranger");

		String eventId = this.api
			.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", "Hello?")))
			.json()
			.path("eventId")
			.asText();

		JsonNode deadLetter = awaitDeadLetter(eventId);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("lookup");
		assertThat(deadLetter.path("source").asText()).isEqualTo("chat-tool");
		assertThat(deadLetter.path("status").asText()).isEqualTo("OPEN");
		assertThat(deadLetter.path("reason").asText()).startsWith("no Wix contact has the email s***@example.com");
		assertThat(deadLetter.path("event").path("customer").path("email").asText()).isEqualTo(email);
		assertThat(deadLetter.path("event").path("message").path("text").asText()).isEqualTo("Hello?");
	}

	@Test
	void skipDropsTheEventAndCountsIt() throws Exception {
		webhookSource("test-skip", Map.of("email", "$.email", "text", "$.text", "onNoContact", "skip"));
		String email = uniqueEmail("skipped");

		String eventId = this.api.postJson("test-skip", Map.of("email", email, "text", "Hi"))
			.json()
			.path("eventId")
			.asText();

		eventually().until(() -> skipped("test-skip") >= 1);
		assertThat(this.api.deadLetters("?eventId=" + eventId).path("total").asInt()).isZero();
		assertThat(this.wix.contactIds(email)).isEmpty();
	}

	@Test
	void createContactCreatesTheContactThenDelivers() throws Exception {
		webhookSource("test-create", Map.of("email", "$.email", "customerName", "$.name", "text", "$.text",
				"onNoContact", "create-contact"));
		String email = uniqueEmail("newcomer");

		this.api.postJson("test-create", Map.of("email", email, "name", "Nora", "text", "First visit!"));

		String contactId = eventually().until(() -> this.wix.contactIds(email), (ids) -> ids.size() == 1).get(0);
		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("basic").path("items").get(0).path("text").asText())
			.isEqualTo("First visit!");
		assertThat(this.wix.get("/contacts/v4/contacts/" + contactId)
			.body()
			.path("contact")
			.path("info")
			.path("name")
			.path("first")
			.asText()).isEqualTo("Nora");
	}

	private double skipped(String source) {
		Counter counter = this.meters.find("inbox.sync.events.skipped").tag("source", source).counter();
		return (counter != null) ? counter.count() : 0;
	}

}

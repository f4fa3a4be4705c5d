package io.inboxsync;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Wix refuses becomes a dead letter that says why, in Wix's own words. */
class WixRejectionTest extends InboxSyncTestSupport {

	@Test
	void aWix400BecomesADeadLetterWithTheFieldViolations() throws Exception {
		// A constant that is no web URL is refused when the source loads; one read from
		// the payload reaches Wix.
		webhookSource("test-bad-badge",
				Map.of("email", "$.email", "text", "$.text", "badgeText", "Broken", "badgeIconUrl", "$.icon"));
		String email = uniqueEmail("badge");
		String contactId = this.wix.createContact(email);

		String eventId = this.api
			.postJson("test-bad-badge", Map.of("email", email, "text", "Hi", "icon", "not-a-web-url"))
			.json()
			.path("eventId")
			.asText();

		JsonNode deadLetter = awaitDeadLetter(eventId);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("send");
		assertThat(deadLetter.path("contactId").asText()).isEqualTo(contactId);
		assertThat(deadLetter.path("wixStatus").asInt()).isEqualTo(400);
		assertThat(deadLetter.path("reason").asText()).startsWith("Wix answered 400 to POST /inbox/v2/messages")
			.contains("message.badges[0].iconUrl must be a valid web URL (FORMAT)");
		assertThat(this.wix.messages(contactId)).isEmpty();
	}

	@Test
	void aDeadLetterCanBeReadOnItsOwn() {
		String eventId = this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", uniqueEmail("nobody")), "message", Map.of("text", "Hi")))
			.json()
			.path("eventId")
			.asText();
		String id = awaitDeadLetter(eventId).path("id").asText();

		assertThat(this.api.deadLetters("/" + id).path("eventId").asText()).isEqualTo(eventId);
		assertThat(this.api.deadLetters("/no-such-id").path("status").asInt()).isEqualTo(404);
		assertThat(this.api.deadLetters("?limit=0").path("reason").asText()).contains("limit");
	}

}

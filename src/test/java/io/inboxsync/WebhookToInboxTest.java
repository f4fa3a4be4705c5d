package io.inboxsync;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook event ends up in the customer's Wix Inbox conversation, as List Messages
 * shows it.
 */
class WebhookToInboxTest extends InboxSyncTestSupport {

	@Test
	void chatMessageLandsInTheContactsConversation() {
		String email = uniqueEmail("jane");
		String contactId = this.wix.createContact(email);

		Api.Reply reply = this.api.postJson("chat-tool", Map.of("id", "msg-" + email, "direction", "inbound", "contact",
				Map.of("email", email.toUpperCase()), "message", Map.of("text", "Is my order ready?")));

		assertThat(reply.status()).isEqualTo(202);
		assertThat(reply.json().path("eventId").asText()).isEqualTo("msg-" + email);
		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("basic").path("items").get(0).path("text").asText())
			.isEqualTo("Is my order ready?");
		assertThat(message.path("direction").asText()).isEqualTo("PARTICIPANT_TO_BUSINESS");
		assertThat(message.path("visibility").asText()).isEqualTo("BUSINESS");
		assertThat(message.path("badges")).hasSize(1);
		assertThat(message.path("badges").get(0).path("text").asText()).isEqualTo("Chat");
	}

	@Test
	void businessRepliesKeepTheirDirection() {
		String email = uniqueEmail("reply");
		String contactId = this.wix.createContact(email);

		this.api.postJson("chat-tool", Map.of("direction", "outbound", "contact", Map.of("email", email), "message",
				Map.of("text", "Yes, it is ready for pickup")));

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("direction").asText()).isEqualTo("BUSINESS_TO_PARTICIPANT");
	}

	@Test
	void emailOfTwoContactsReachesBothConversations() {
		String email = uniqueEmail("family");
		String first = this.wix.createContact(email);
		String second = this.wix.createAnotherContact(email);

		this.api.postJson("chat-tool",
				Map.of("contact", Map.of("email", email), "message", Map.of("text", "Table for two")));

		eventually().until(() -> this.wix.messages(first).size() == 1 && this.wix.messages(second).size() == 1);
		assertThat(this.wix.messages(second)
			.get(0)
			.path("content")
			.path("basic")
			.path("items")
			.get(0)
			.path("text")
			.asText()).isEqualTo("Table for two");
	}

	@Test
	void bookingArrivesAsAMinimalActivityLine() {
		String email = uniqueEmail("booker");
		String contactId = this.wix.createContact(email);

		Api.Reply reply = this.api.postJson("bookings",
				Map.of("bookingId", "bk-" + email, "createdAt", 1764063000, "customer", Map.of("email", email),
						"service", Map.of("name", "Spa Treatment"), "manageUrl", "https://bookings.example.com/bk-77"));

		assertThat(reply.status()).isEqualTo(202);
		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		JsonNode content = message.path("content");
		assertThat(content.has("basic")).isFalse();
		assertThat(content.path("minimal").path("text").asText()).isEqualTo("Booked Spa Treatment");
		assertThat(content.path("minimal").path("url").asText()).isEqualTo("https://bookings.example.com/bk-77");
		assertThat(content.path("minimal").path("iconUrl").asText()).startsWith("https://static.wixstatic.com/");
	}

	@Test
	void customerWithOnlyAPhoneIsFoundByPhone() throws Exception {
		webhookSource("test-sms", Map.of("phone", "$.from", "text", "$.body", "badgeText", "SMS"));
		String contactId = this.wix.createContactWithPhone("(212) 555-" + (1000 + (int) (Math.random() * 8999)), "US");
		String e164 = this.wix.get("/contacts/v4/contacts/" + contactId)
			.body()
			.path("contact")
			.path("info")
			.path("phones")
			.path("items")
			.get(0)
			.path("e164Phone")
			.asText();

		this.api.postJson("test-sms", Map.of("from", e164, "body", "Running 10 minutes late"));

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("basic").path("items").get(0).path("text").asText())
			.isEqualTo("Running 10 minutes late");
	}

	@Test
	void aLongTextBecomesSeveralBubblesRatherThanBeingCut() {
		String email = uniqueEmail("long");
		String contactId = this.wix.createContact(email);
		String text = "a".repeat(16384) + "b".repeat(10);

		this.api.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", text)));

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		JsonNode items = message.path("content").path("basic").path("items");
		assertThat(items).hasSize(2);
		assertThat(items.get(1).path("text").asText()).isEqualTo("b".repeat(10));
		assertThat(message.path("content").path("previewText").asText()).hasSize(256);
	}

}

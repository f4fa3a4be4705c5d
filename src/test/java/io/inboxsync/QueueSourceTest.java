package io.inboxsync;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRM activities example (routes/sources/crm-activities.yaml): each JSON message on
 * the JMS queue crm.activities becomes an activity line; a message that cannot be mapped
 * becomes a dead letter.
 */
class QueueSourceTest extends InboxSyncTestSupport {

	private static final String QUEUE = "jms:queue:crm.activities?jmsMessageType=Text";

	@Autowired
	ProducerTemplate producer;

	@Test
	void aQueuedActivityBecomesAnActivityLine() {
		String email = uniqueEmail("crm");
		String contactId = this.wix.createContact(email);

		this.producer.sendBody(QUEUE.replace("?", "?exchangePattern=InOnly&"),
				"{\"activityId\": \"act-" + email + "\", \"at\": 1764063000000, \"contact\": {\"email\": \"" + email
						+ "\"}, \"summary\": \"Invoice #1042 paid\", \"link\": \"https://crm.example.com/act-9\"}");

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Invoice #1042 paid");
		assertThat(message.path("content").path("minimal").path("url").asText())
			.isEqualTo("https://crm.example.com/act-9");
	}

	@Test
	void aMessageThatCannotBeMappedBecomesADeadLetterWithItsReason() {
		String marker = "act-bad-" + UUID.randomUUID();

		this.producer.sendBody(QUEUE.replace("?", "?exchangePattern=InOnly&"),
				"{\"activityId\": \"" + marker + "\", \"contact\": {\"email\": \"jane@example.com\"}}");

		JsonNode deadLetter = eventually().until(() -> deadLetterContaining(marker), (found) -> found != null);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("mapping");
		assertThat(deadLetter.path("reason").asText())
			.isEqualTo("source crm-activities: the payload has no text (nothing at $.summary)");
	}

	private JsonNode deadLetterContaining(String marker) {
		for (JsonNode deadLetter : this.api.deadLetters("?limit=500").path("deadLetters")) {
			if (deadLetter.path("event").toString().contains(marker)) {
				return deadLetter;
			}
		}
		return null;
	}

}

package io.inboxsync;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event for {@code Jane.Doe@Example.com} reaches the contact whether Wix stored the
 * address as written or in lower case, and whether Wix matches emails case-sensitively or
 * not (the sandbox plays both): inbox-sync asks for the address as received and its
 * lower-case form in one Query Contacts call.
 */
class EmailCaseTest extends InboxSyncTestSupport {

	private static final String QUEUE = "jms:queue:crm.activities?exchangePattern=InOnly&jmsMessageType=Text";

	@Autowired
	ProducerTemplate producer;

	@AfterEach
	void sandboxDefault() {
		this.wix.emailMatch("case-sensitive");
	}

	@ParameterizedTest(name = "{0}, contact stored as {1}")
	@CsvSource({ "case-sensitive, written", "case-sensitive, lower-case", "case-insensitive, written",
			"case-insensitive, lower-case" })
	void anEventForAMixedCaseEmailReachesTheContact(String emailMatch, String stored) {
		this.wix.emailMatch(emailMatch);
		String received = "Jane.Doe-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase() + "@Example.com";
		String contactId = this.wix.createContact("written".equals(stored) ? received : received.toLowerCase());
		String eventId = "act-case-" + UUID.randomUUID();

		this.producer.sendBody(QUEUE, "{\"activityId\": \"" + eventId + "\", \"contact\": {\"email\": \"" + received
				+ "\"}, \"summary\": \"Case " + emailMatch + " " + stored + "\"}");

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText())
			.isEqualTo("Case " + emailMatch + " " + stored);
		JsonNode calls = this.wix.get("/_admin/calls?match=" + received.toLowerCase()).body().path("byCall");
		assertThat(calls.path("POST /contacts/v4/contacts/query").asLong()).as("Query Contacts calls").isEqualTo(1);
	}

}

package io.inboxsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Wix call is a message that waits under Wix's rate limit: what inbox-sync already
 * knows it does not ask again, and doing several things at once never reorders one
 * customer's messages. Counted with the sandbox's call log.
 */
class ThroughputTest extends InboxSyncTestSupport {

	@Test
	void aCustomersNextMessagesCostOneWixCallEach() {
		String email = uniqueEmail("regular");
		String contactId = this.wix.createContact(email);

		List<String> eventIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			eventIds.add(postChat(email, "regular " + i));
		}
		eventIds.forEach((eventId) -> awaitDelivered(eventId, contactId));

		assertThat(calls(email)).containsEntry("POST /contacts/v4/contacts/query", 1L);
		assertThat(calls(contactId)).containsEntry("POST /inbox/v2/conversations", 1L);
		String conversationId = this.wix.conversationOf(contactId);
		assertThat(calls(conversationId)).containsEntry("POST /inbox/v2/messages", 5L);
	}

	@Test
	void aMergedConversationIsFollowedToItsNewId() {
		String email = uniqueEmail("merging");
		String contactId = this.wix.createContact(email);
		awaitDelivered(postChat(email, "before the merge"), contactId);
		String oldId = this.wix.conversationOf(contactId);

		// Without Wix's conversations_merged (it has not arrived, or no Wix app gets it):
		// the 404 leads to the new id.
		this.wix.call("PUT", "/_admin/webhooks", Map.of("target", "http://localhost:9/nowhere"), Map.of());
		String newId;
		String eventId;
		try {
			newId = this.wix.post("/_admin/conversations/" + oldId + "/merge", null)
				.body()
				.path("targetConversationId")
				.asText();
			eventId = postChat(email, "after the merge");
			awaitDelivered(eventId, contactId);
		}
		finally {
			this.wix.call("PUT", "/_admin/webhooks", Map.of("target", ""), Map.of());
		}

		assertThat(this.wix.conversationOf(contactId)).isEqualTo(newId);
		assertThat(this.wix.messages(contactId)).hasSize(2);
		assertThat(calls(oldId)).containsEntry("POST /inbox/v2/messages", 2L);
		assertThat(calls(newId)).containsEntry("POST /inbox/v2/messages", 1L);
		assertThat(this.api.deadLetters("?eventId=" + eventId).path("total").asInt()).isZero();
	}

	@Test
	void oneCustomersMessagesArriveInOrderWhileOthersAreDeliveredInParallel() {
		String email = uniqueEmail("ordered");
		String contactId = this.wix.createContact(email);
		List<String> others = List.of(uniqueEmail("other"), uniqueEmail("other"), uniqueEmail("other"));
		List<String> otherContacts = others.stream().map(this.wix::createContact).toList();

		List<String> sent = new ArrayList<>();
		List<String> eventIds = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			sent.add("step " + i);
			eventIds.add(postChat(email, "step " + i));
			postChat(others.get(i % others.size()), "noise " + i);
		}
		eventIds.forEach((eventId) -> awaitDelivered(eventId, contactId));

		List<String> received = this.wix.textsInOrder(contactId);
		assertThat(received).containsExactlyElementsOf(sent);
		otherContacts.forEach((other) -> eventually()
			.until(() -> this.wix.messages(other).size() == 7 || this.wix.messages(other).size() == 6));
	}

	@Test
	void aRetriedMessageKeepsItsPlaceInTheCustomersOrder() {
		String email = uniqueEmail("patient");
		String contactId = this.wix.createContact(email);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 503, "count", 2, "match", "first-in-line"));

		List<String> eventIds = new ArrayList<>();
		for (String text : List.of("first-in-line", "second", "third", "fourth")) {
			eventIds.add(postChat(email, text));
		}
		eventIds.forEach((eventId) -> awaitDelivered(eventId, contactId));

		List<String> received = this.wix.textsInOrder(contactId);
		assertThat(received).containsExactly("first-in-line", "second", "third", "fourth");
	}

	private String postChat(String email, String text) {
		return this.api
			.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", text)))
			.json()
			.path("eventId")
			.asText();
	}

	private Map<String, Long> calls(String match) {
		JsonNode byCall = this.wix.get("/_admin/calls?match=" + match).body().path("byCall");
		Map<String, Long> counts = new java.util.TreeMap<>();
		byCall.properties().forEach((entry) -> counts.put(entry.getKey(), entry.getValue().asLong()));
		return counts;
	}

}

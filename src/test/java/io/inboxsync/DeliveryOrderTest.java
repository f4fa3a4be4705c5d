package io.inboxsync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contact's messages reach their conversation in the order their events were accepted,
 * whatever Wix does meanwhile: each retried delivery holds back the contact's later ones.
 * The customer has two contacts, so each event is two deliveries, retried independently.
 */
class DeliveryOrderTest extends InboxSyncTestSupport {

	@Test
	void withThirtyPercentOf503AtEveryStepOrderIsKept() {
		String email = uniqueEmail("order-503");
		List<String> contactIds = twoContacts(email);
		this.wix.fault(Map.of("path", "/contacts/v4/contacts/query", "status", 503, "rate", 0.3, "match", email));
		contactIds.forEach((contactId) -> this.wix.fault(Map.of("path", "/inbox/v2/conversations", "method", "POST",
				"status", 503, "rate", 0.3, "match", contactId)));
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 503, "rate", 0.3, "match", "order-503-text"));

		List<String> texts = postInOrder(email, "order-503-text", 20);

		contactIds.forEach((contactId) -> assertArrivedInOrder(contactId, texts));
	}

	@Test
	void inARateLimitStormWithRetryAfterOrderIsKept() {
		String email = uniqueEmail("order-429");
		List<String> contactIds = twoContacts(email);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 429, "retryAfterSeconds", 1, "rate", 0.4, "match",
				"order-429-text"));

		List<String> texts = postInOrder(email, "order-429-text", 12);

		contactIds.forEach((contactId) -> assertArrivedInOrder(contactId, texts));
	}

	private List<String> twoContacts(String email) {
		String first = this.wix.createContact(email);
		String second = this.wix.createAnotherContact(email);
		return List.of(first, second);
	}

	/**
	 * Posts the events one after the other: each is accepted (202) before the next is
	 * sent.
	 */
	private List<String> postInOrder(String email, String text, int count) {
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Api.Reply reply = this.api.postJson("chat-tool",
					Map.of("contact", Map.of("email", email), "message", Map.of("text", text + " " + i)));
			assertThat(reply.status()).isEqualTo(202);
			texts.add(text + " " + i);
		}
		return texts;
	}

	private void assertArrivedInOrder(String contactId, List<String> accepted) {
		// The test's own look at the conversation meets the same faults: it looks again.
		List<String> arrived = eventually().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> this.wix.textsInOrder(contactId), (texts) -> texts.size() >= accepted.size());
		assertThat(arrived).containsExactlyElementsOf(accepted);
	}

}

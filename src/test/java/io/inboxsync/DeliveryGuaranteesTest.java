package io.inboxsync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event reaches each of its contacts exactly once, or waits as a dead letter with a
 * reason, whatever Wix does meanwhile. Faults are injected into the sandbox for one
 * test's calls only (matched by its unique email or text).
 */
class DeliveryGuaranteesTest extends InboxSyncTestSupport {

	@Test
	void withThirtyPercentOf503EveryEventIsDeliveredOnce() {
		String email = uniqueEmail("flaky");
		String contactId = this.wix.createContact(email);
		this.wix.fault(Map.of("path", "*", "status", 503, "rate", 0.3, "match", email));
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 503, "rate", 0.3, "match", "flaky-text"));

		List<String> eventIds = new java.util.ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Api.Reply reply = postChat(email, "flaky-text " + i);
			assertThat(reply.status()).isEqualTo(202);
			eventIds.add(reply.json().path("eventId").asText());
		}

		eventIds.forEach((eventId) -> awaitDelivered(eventId, contactId));
		assertThat(texts(contactId)).hasSize(10).doesNotHaveDuplicates();
		eventIds.forEach(
				(eventId) -> assertThat(this.api.deadLetters("?eventId=" + eventId).path("total").asInt()).isZero());
	}

	@Test
	void aRateLimitedSendWaitsForRetryAfter() {
		String email = uniqueEmail("limited");
		String contactId = this.wix.createContact(email);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 429, "retryAfterSeconds", 1, "count", 2, "match",
				"limited-text"));
		Instant posted = Instant.now();

		postChat(email, "limited-text");

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(Duration.between(posted, Instant.parse(message.path("createdDate").asText())))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void aRateLimitStormLosesNothing() {
		String email = uniqueEmail("storm");
		String contactId = this.wix.createContact(email);
		// More 429s than the event has attempts (6 in tests): rate limiting never spends
		// them, so nothing is lost.
		this.wix.fault(Map.of("path", "/contacts/v4/contacts/query", "status", 429, "retryAfterSeconds", 1, "count", 4,
				"match", email));
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 429, "retryAfterSeconds", 1, "count", 4, "match",
				"storm-text"));

		List<String> eventIds = new java.util.ArrayList<>();
		for (int i = 0; i < 15; i++) {
			eventIds.add(postChat(email, "storm-text " + i).json().path("eventId").asText());
		}

		eventIds.forEach((eventId) -> awaitDelivered(eventId, contactId));
		assertThat(texts(contactId)).hasSize(15).doesNotHaveDuplicates();
		eventIds.forEach(
				(eventId) -> assertThat(this.api.deadLetters("?eventId=" + eventId).path("total").asInt()).isZero());
	}

	@Test
	void aMessageWixStoredBeforeItsAnswerWasLostIsNotSentAgain() {
		String email = uniqueEmail("lost-answer");
		String contactId = this.wix.createContact(email);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 502, "afterHandling", true, "count", 1, "match",
				"lost-answer-text"));

		String eventId = postChat(email, "lost-answer-text").json().path("eventId").asText();

		awaitDelivered(eventId, contactId);
		assertThat(this.wix.messages(contactId)).hasSize(1);
	}

	@Test
	void aSendThatTimesOutAfterWixStoredItIsNotSentAgain() {
		String email = uniqueEmail("slow");
		String contactId = this.wix.createContact(email);
		// Longer than the client's read timeout (2 s in tests): the client gives up, Wix
		// has the message.
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 0, "latencyMillis", 3000, "afterHandling", true,
				"count", 1, "match", "slow-text"));

		String eventId = postChat(email, "slow-text").json().path("eventId").asText();

		awaitDelivered(eventId, contactId);
		assertThat(this.wix.messages(contactId)).hasSize(1);
	}

	@Test
	void aConversationThatAnswers404IsFetchedAgainOnce() {
		String email = uniqueEmail("moved");
		String contactId = this.wix.createContact(email);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 404, "count", 1, "match", "moved-text"));

		String eventId = postChat(email, "moved-text").json().path("eventId").asText();

		awaitDelivered(eventId, contactId);
		assertThat(this.wix.messages(contactId)).hasSize(1);
		assertThat(this.api.deadLetters("?eventId=" + eventId).path("total").asInt()).isZero();
	}

	@Test
	void whatWixNeverAcceptsIsDeadLetteredAtOnceAndReplayedExactlyOnceWhenFixed() {
		String email = uniqueEmail("refused");
		String contactId = this.wix.createContact(email);
		String fault = this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 400, "match", "refused-text"));
		String eventId = postChat(email, "refused-text").json().path("eventId").asText();
		JsonNode deadLetter = awaitDeadLetter(eventId);
		assertThat(deadLetter.path("attempts").asInt()).isEqualTo(1);
		assertThat(deadLetter.path("wixStatus").asInt()).isEqualTo(400);

		this.wix.call("DELETE", "/_admin/faults/" + fault, null, Map.of());
		String replay = "/api/dead-letters/" + deadLetter.path("id").asText() + "/replay";
		Api.Reply first = this.api.operator(HttpMethod.POST, replay);
		Api.Reply second = this.api.operator(HttpMethod.POST, replay);

		assertThat(first.status()).isEqualTo(202);
		assertThat(first.json().path("status").asText()).isEqualTo("REPLAYED");
		assertThat(second.status()).isEqualTo(409);
		awaitDelivered(eventId, contactId);
		assertThat(this.wix.messages(contactId)).hasSize(1);
		assertThat(this.api.deadLetters("?eventId=" + eventId + "&status=OPEN").path("total").asInt()).isZero();
	}

	@Test
	void replayingTwoContactsFailureSendsOnlyToTheContactThatFailed() {
		String email = uniqueEmail("pair");
		String first = this.wix.createContact(email);
		String second = this.wix.createAnotherContact(email);
		String failing = this.wix.conversationOf(second);
		String fault = this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 403, "match", failing));

		String eventId = postChat(email, "pair-text").json().path("eventId").asText();
		JsonNode deadLetter = awaitDeadLetter(eventId);
		eventually().until(() -> this.wix.messages(first).size() == 1);

		assertThat(deadLetter.path("contactId").asText()).isEqualTo(second);
		this.wix.call("DELETE", "/_admin/faults/" + fault, null, Map.of());
		this.api.operator(HttpMethod.POST, "/api/dead-letters/" + deadLetter.path("id").asText() + "/replay");

		awaitDelivered(eventId, second);
		assertThat(this.wix.messages(second)).hasSize(1);
		assertThat(this.wix.messages(first)).hasSize(1);
	}

	@Test
	void aConversationWixRefusesIsADeadLetterOfThatContactAndItsReplayDelivers() {
		String email = uniqueEmail("no-conversation");
		String contactId = this.wix.createContact(email);
		String fault = this.wix.fault(Map.of("path", "/inbox/v2/conversations", "status", 403, "match", contactId));

		String eventId = postChat(email, "no-conversation-text").json().path("eventId").asText();
		JsonNode deadLetter = awaitDeadLetter(eventId);
		this.wix.call("DELETE", "/_admin/faults/" + fault, null, Map.of());
		Api.Reply replay = this.api.operator(HttpMethod.POST,
				"/api/dead-letters/" + deadLetter.path("id").asText() + "/replay");

		assertThat(deadLetter.path("stage").asText()).isEqualTo("conversation");
		assertThat(deadLetter.path("contactId").asText()).isEqualTo(contactId);
		assertThat(deadLetter.path("wixStatus").asInt()).isEqualTo(403);
		assertThat(replay.status()).isEqualTo(202);
		awaitDelivered(eventId, contactId);
		assertThat(this.wix.messages(contactId)).hasSize(1);
	}

	@Test
	void anOutageLongerThanTheAttemptsBecomesADeadLetterThatSaysSo() {
		String email = uniqueEmail("outage");
		this.wix.createContact(email);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 503, "match", "outage-text"));

		String eventId = postChat(email, "outage-text").json().path("eventId").asText();

		JsonNode deadLetter = awaitDeadLetter(eventId);
		assertThat(deadLetter.path("attempts").asInt()).isEqualTo(6);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("send");
		assertThat(deadLetter.path("reason").asText()).startsWith("gave up after 6 attempts: Wix answered 503");
	}

	@Test
	void theSameDeliveryPostedTwiceSendsOneMessage() {
		String email = uniqueEmail("twice");
		String contactId = this.wix.createContact(email);
		Map<String, Object> payload = Map.of("id", "dup-" + email, "contact", Map.of("email", email), "message",
				Map.of("text", "Posted twice by a retrying provider"));

		this.api.postJson("chat-tool", payload);
		this.api.postJson("chat-tool", payload);

		eventually().until(() -> this.wix.messages(contactId).size() == 1);
		String marker = uniqueEmail("marker");
		postChat(email, marker);
		eventually().until(() -> texts(contactId).contains(marker));
		assertThat(texts(contactId)).containsExactly(marker, "Posted twice by a retrying provider");
	}

	@Test
	void twoSourcesWithTheSameEventIdAreTwoDeliveries() throws Exception {
		webhookSource("test-second-chat",
				Map.of("eventId", "$.id", "email", "$.contact.email", "text", "$.message.text"));
		String email = uniqueEmail("both");
		String contactId = this.wix.createContact(email);
		Map<String, Object> payload = Map.of("id", "1001-" + email, "contact", Map.of("email", email), "message",
				Map.of("text", "Same id, another tool"));

		this.api.postJson("chat-tool", payload);
		this.api.postJson("test-second-chat", payload);

		awaitDelivered("chat-tool", "1001-" + email, contactId);
		awaitDelivered("test-second-chat", "1001-" + email, contactId);
		assertThat(this.wix.messages(contactId)).hasSize(2);
	}

	/**
	 * A one-shot 429 or 503 is retried whichever Wix call answers it, including the calls
	 * made from an expression (Get or Create Conversation), whose failure Camel wraps.
	 */
	@ParameterizedTest(name = "{0} {1} answering {2} once")
	@CsvSource({ "POST, /contacts/v4/contacts/query, 503", "POST, /inbox/v2/conversations, 429",
			"POST, /inbox/v2/conversations, 503", "POST, /inbox/v2/messages, 429" })
	void aOneShotFaultAtAnyWixCallIsRetried(String method, String path, int status) {
		String email = uniqueEmail("one-shot");
		String contactId = this.wix.createContact(email);
		// Each call is told apart by what its body holds: the email, the contact, the
		// text.
		String match = path.contains("contacts") ? email : path.contains("conversations") ? contactId : "one-shot-text";
		this.wix.fault(Map.of("method", method, "path", path, "status", status, "retryAfterSeconds", 1, "count", 1,
				"match", match));

		String eventId = postChat(email, "one-shot-text").json().path("eventId").asText();

		awaitDelivered(eventId, contactId);
		assertThat(texts(contactId)).containsExactly("one-shot-text");
		assertThat(this.api.deadLetters("?eventId=" + eventId).path("total").asInt()).isZero();
	}

	@Test
	void twoUndeliverableEventsReusingAnIdAreTwoDeadLetters() {
		String email = uniqueEmail("reused-id");
		String eventId = "reused-" + java.util.UUID.randomUUID();
		for (String text : List.of("first-of-two", "second-of-two")) {
			this.api.postJson("chat-tool",
					Map.of("id", eventId, "contact", Map.of("email", email), "message", Map.of("text", text)));
		}

		List<String> events = new ArrayList<>();
		eventually()
			.until(() -> this.api.deadLetters("?eventId=" + eventId + "&status=OPEN"),
					(page) -> page.path("total").asInt() == 2)
			.path("deadLetters")
			.forEach((deadLetter) -> events.add(deadLetter.path("event").toString()));
		assertThat(events).anySatisfy((event) -> assertThat(event).contains("first-of-two"))
			.anySatisfy((event) -> assertThat(event).contains("second-of-two"));
	}

	@Test
	void anEventIdLongerThanTheLedgerKeepsIsRefused() {
		Api.Reply reply = this.api.postJson("chat-tool", Map.of("id", "x".repeat(201), "contact",
				Map.of("email", uniqueEmail("long")), "message", Map.of("text", "hi")));

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.json().path("reason").asText()).contains("longer than 200");
	}

	private Api.Reply postChat(String email, String text) {
		return this.api.postJson("chat-tool",
				Map.of("contact", Map.of("email", email), "message", Map.of("text", text)));
	}

	private List<String> texts(String contactId) {
		return this.wix.messages(contactId)
			.stream()
			.map((message) -> message.path("content").path("basic").path("items").get(0).path("text").asText())
			.toList();
	}

}

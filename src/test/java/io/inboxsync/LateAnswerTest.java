package io.inboxsync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No duplicate after a late answer: a message Wix stores after its answer was lost, or
 * after the client stopped waiting for it, is found by the check before the next attempt,
 * however many messages came after it.
 */
@ExtendWith(OutputCaptureExtension.class)
class LateAnswerTest extends InboxSyncTestSupport {

	@Test
	void sendsThatHangPastTheReadTimeoutAndAreStoredWhenReleasedArriveOnce(CapturedOutput output) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> contactIds = new ArrayList<>();
		List<String> eventIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String email = uniqueEmail("hung");
			String text = "hung-text " + run + " " + i;
			contactIds.add(this.wix.createContact(email));
			this.wix
				.fault(Map.of("path", "/inbox/v2/messages", "method", "POST", "hang", true, "count", 1, "match", text));
			String eventId = postChat(email, text);
			eventIds.add(eventId);

			// The client gives up after the read timeout (2 s in tests); soon after, Wix
			// finishes the request.
			eventually().pollInterval(Duration.ofMillis(250))
				.until(() -> output.getOut().contains("Attempt 1 of event " + eventId + " failed at stage send"));
			this.wix.clearFaults();
		}

		for (int i = 0; i < eventIds.size(); i++) {
			awaitDelivered(eventIds.get(i), contactIds.get(i));
			assertThat(texts(contactIds.get(i))).containsExactly("hung-text " + run + " " + i);
		}
	}

	@Test
	void sendsStoredThenAnswered503ArriveOnce() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "method", "POST", "status", 503, "afterHandling", true,
				"rate", 0.2, "match", "stored-then-503 " + run));
		List<String> emails = new ArrayList<>();
		List<String> contactIds = new ArrayList<>();
		for (int customer = 0; customer < 4; customer++) {
			emails.add(uniqueEmail("stored-then-503"));
			contactIds.add(this.wix.createContact(emails.get(customer)));
		}

		List<String> eventIds = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			eventIds.add(postChat(emails.get(i % 4), "stored-then-503 " + run + " " + i));
		}

		for (int i = 0; i < eventIds.size(); i++) {
			awaitDelivered(eventIds.get(i), contactIds.get(i % 4));
		}
		for (int customer = 0; customer < 4; customer++) {
			assertThat(texts(contactIds.get(customer))).hasSize(5).doesNotHaveDuplicates();
		}
		eventIds.forEach(
				(eventId) -> assertThat(this.api.deadLetters("?eventId=" + eventId).path("total").asInt()).isZero());
	}

	@Test
	void replayingADeadLetterWixHadStoredAfter150NewerMessagesSendsNoSecondCopy() {
		String email = uniqueEmail("deep");
		String contactId = this.wix.createContact(email);
		String conversationId = this.wix.conversationOf(contactId);
		String text = "deep-text " + UUID.randomUUID();
		// Wix stores the message and the answer is lost; then the check before the next
		// attempt cannot read the
		// conversation, so the delivery ends as a dead letter though Wix holds its
		// message.
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "method", "POST", "status", 502, "afterHandling", true,
				"count", 1, "match", text));
		String listing = this.wix
			.fault(Map.of("path", "/inbox/v2/messages", "method", "GET", "status", 503, "match", conversationId));
		String eventId = postChat(email, text);
		JsonNode deadLetter = awaitDeadLetter(eventId);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("send");
		this.wix.call("DELETE", "/_admin/faults/" + listing, null, Map.of());

		for (int i = 0; i < 150; i++) {
			this.wix.post("/inbox/v2/messages",
					Map.of("conversationId", conversationId, "message",
							Map.of("direction", "BUSINESS_TO_PARTICIPANT", "visibility", "BUSINESS", "content",
									Map.of("basic", Map.of("items", List.of(Map.of("text", "newer " + i)))))));
		}
		Api.Reply replay = this.api.operator(HttpMethod.POST,
				"/api/dead-letters/" + deadLetter.path("id").asText() + "/replay");

		assertThat(replay.status()).isEqualTo(202);
		awaitDelivered(eventId, contactId);
		List<String> texts = texts(contactId);
		assertThat(texts).hasSize(151);
		assertThat(texts.stream().filter(text::equals)).hasSize(1);
	}

	private String postChat(String email, String text) {
		Api.Reply reply = this.api.postJson("chat-tool",
				Map.of("contact", Map.of("email", email), "message", Map.of("text", text)));
		assertThat(reply.status()).isEqualTo(202);
		return reply.json().path("eventId").asText();
	}

	/**
	 * The texts of every message in the contact's conversation, newest first, read page
	 * by page.
	 */
	private List<String> texts(String contactId) {
		String conversationId = this.wix.conversationOf(contactId);
		List<String> texts = new ArrayList<>();
		String cursor = "";
		do {
			JsonNode page = this.wix
				.get("/inbox/v2/messages?conversationId=" + conversationId + "&visibility=BUSINESS&paging.limit=100"
						+ (cursor.isEmpty() ? "" : "&paging.cursor=" + cursor))
				.body();
			page.path("messages")
				.forEach((message) -> texts
					.add(message.path("content").path("basic").path("items").get(0).path("text").asText()));
			cursor = page.path("pagingMetadata").path("cursors").path("next").asText("");
		}
		while (!cursor.isEmpty());
		return texts;
	}

}

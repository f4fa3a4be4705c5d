package io.inboxsync.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.wix.WixClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The check before sending again reads the conversation back, newest first and a page at
 * a time, as far as the first attempt minus the window, and no further.
 */
class SentMessageCheckTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private static final Instant FIRST_ATTEMPT = Instant.parse("2026-11-30T10:00:00Z");

	private static final InboxEvent.Message SENT = new InboxEvent.Message(InboxEvent.MessageKind.BASIC,
			"Where is my order?", InboxEvent.Direction.PARTICIPANT_TO_BUSINESS, InboxEvent.Visibility.BUSINESS, null,
			null, null, null);

	private final WixClient wix = mock(WixClient.class);

	private final SentMessageCheck check = new SentMessageCheck(this.wix, settings());

	@Test
	void aMatchOnTheThirdPageIsFound() {
		Instant newer = FIRST_ATTEMPT.plusSeconds(30);
		pages(List.of(others(100, newer), others(100, newer), withMatchAmong(newer)));

		assertThat(this.check.alreadySent("c1", SENT, FIRST_ATTEMPT)).isTrue();
		verify(this.wix).listMessages("c1", "BUSINESS", 100, null);
		verify(this.wix).listMessages("c1", "BUSINESS", 100, "page-1");
		verify(this.wix).listMessages("c1", "BUSINESS", 100, "page-2");
	}

	@Test
	void pagingStopsAtTheFirstMessageOlderThanTheFirstAttemptMinusTheWindow() {
		List<JsonNode> page = others(50, FIRST_ATTEMPT.plusSeconds(5));
		// The same message, sent by an earlier event before the window: not this
		// delivery's.
		page.add(message("old", SENT.direction().name(), SENT.text(), FIRST_ATTEMPT.minus(WINDOW).minusMillis(1)));
		page.addAll(others(49, FIRST_ATTEMPT.minus(WINDOW).minusSeconds(10)));
		pages(List.of(page, withMatchAmong(FIRST_ATTEMPT.minusSeconds(600))));

		assertThat(this.check.alreadySent("c1", SENT, FIRST_ATTEMPT)).isFalse();
		verify(this.wix, times(1)).listMessages(anyString(), anyString(), anyInt(), any());
		verify(this.wix, never()).listMessages(anyString(), anyString(), anyInt(), eq("page-1"));
	}

	@Test
	void aMessageWithinTheWindowBeforeTheFirstAttemptCountsForClockDifferences() {
		pages(List.of(List.of(message("m1", SENT.direction().name(), SENT.text(), FIRST_ATTEMPT.minusSeconds(59)))));

		assertThat(this.check.alreadySent("c1", SENT, FIRST_ATTEMPT)).isTrue();
	}

	@Test
	void noMatchToTheEndOfTheConversationSends() {
		Instant newer = FIRST_ATTEMPT.plusSeconds(1);
		List<JsonNode> last = others(10, newer);
		// Same text the other way, or another text the same way: neither is this message.
		last.add(message("reply", "BUSINESS_TO_PARTICIPANT", SENT.text(), newer));
		last.add(message("other", SENT.direction().name(), SENT.text() + "!", newer));
		pages(List.of(others(100, newer), last));

		assertThat(this.check.alreadySent("c1", SENT, FIRST_ATTEMPT)).isFalse();
		verify(this.wix, times(2)).listMessages(anyString(), anyString(), anyInt(), any());
	}

	@Test
	void aMinimalLineMatchesAsTheWixClientShortenedIt() {
		InboxEvent.Message line = new InboxEvent.Message(InboxEvent.MessageKind.MINIMAL, "x".repeat(5000),
				InboxEvent.Direction.BUSINESS_TO_PARTICIPANT, InboxEvent.Visibility.BUSINESS, null, null, null, null);
		ObjectNode stored = JSON.createObjectNode()
			.put("id", "m1")
			.put("direction", line.direction().name())
			.put("createdDate", FIRST_ATTEMPT.plusSeconds(1).toString());
		stored.putObject("content").putObject("minimal").put("text", WixClient.minimalText(line.text()));
		pages(List.of(List.of(stored)));

		assertThat(this.check.alreadySent("c1", line, FIRST_ATTEMPT)).isTrue();
	}

	/** Answers List Messages with these pages, each but the last pointing to the next. */
	private void pages(List<List<JsonNode>> pages) {
		for (int i = 0; i < pages.size(); i++) {
			ObjectNode page = JSON.createObjectNode();
			page.putArray("messages").addAll(pages.get(i));
			ObjectNode paging = page.putObject("pagingMetadata").put("count", pages.get(i).size());
			ObjectNode cursors = paging.putObject("cursors");
			if (i < pages.size() - 1) {
				cursors.put("next", "page-" + (i + 1));
			}
			if (i == 0) {
				when(this.wix.listMessages(eq("c1"), eq("BUSINESS"), eq(100), isNull())).thenReturn(page);
			}
			else {
				when(this.wix.listMessages("c1", "BUSINESS", 100, "page-" + i)).thenReturn(page);
			}
		}
	}

	private static List<JsonNode> withMatchAmong(Instant at) {
		List<JsonNode> page = others(40, at);
		page.add(message("the-one", SENT.direction().name(), SENT.text(), at));
		page.addAll(others(20, at));
		return page;
	}

	private static List<JsonNode> others(int count, Instant at) {
		List<JsonNode> messages = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			messages.add(message("other-" + i, SENT.direction().name(), "another text " + i, at));
		}
		return messages;
	}

	private static ObjectNode message(String id, String direction, String text, Instant createdDate) {
		ObjectNode message = JSON.createObjectNode()
			.put("id", id)
			.put("direction", direction)
			.put("createdDate", createdDate.toString());
		ArrayNode items = message.putObject("content").putObject("basic").putArray("items");
		items.addObject().put("text", text);
		return message;
	}

	private static InboxSyncProperties settings() {
		return new InboxSyncProperties(
				Path.of("."), null, null, null, null, new InboxSyncProperties.Delivery(6, Duration.ofSeconds(1),
						Duration.ofMinutes(10), 2.0, WINDOW, 1, "deliveries", Duration.ofDays(30)),
				null, null, null, null, null, null);
	}

}

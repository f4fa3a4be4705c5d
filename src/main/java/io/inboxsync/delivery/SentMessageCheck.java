package io.inboxsync.delivery;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.wix.WixClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Send Message has no idempotency key, so after an answer that never came (or a 5xx) Wix
 * may hold the message already. Before sending again, the conversation is read back,
 * newest first, to the first attempt (minus the window for clock differences), for a
 * message of the same direction and text.
 */
@Component("sentMessageCheck")
public class SentMessageCheck {

	private static final Logger log = LoggerFactory.getLogger(SentMessageCheck.class);

	/** The most List Messages gives in one page. */
	private static final int PAGE_SIZE = 100;

	private final WixClient wix;

	private final Duration window;

	public SentMessageCheck(WixClient wix, InboxSyncProperties properties) {
		this.wix = wix;
		this.window = properties.delivery().sentCheckWindow();
	}

	/**
	 * Whether the conversation holds this message, sent (by us) since {@code since} less
	 * the window.
	 */
	public boolean alreadySent(String conversationId, InboxEvent.Message message, Instant since) {
		Instant notBefore = since.minus(this.window);
		String cursor = null;
		do {
			JsonNode page = this.wix.listMessages(conversationId, "BUSINESS", PAGE_SIZE, cursor);
			for (JsonNode candidate : page.path("messages")) {
				// Newest first: this message and all after it are older than the first
				// attempt allows.
				if (Instant.parse(candidate.path("createdDate").asText()).isBefore(notBefore)) {
					return false;
				}
				if (candidate.path("direction").asText().equals(message.direction().name())
						&& text(candidate.path("content")).equals(text(message))) {
					log.info("Conversation {} already holds message {}: not sending it again", conversationId,
							candidate.path("id").asText());
					return true;
				}
			}
			cursor = page.path("pagingMetadata").path("cursors").path("next").asText("");
		}
		while (!cursor.isEmpty());
		return false;
	}

	private static String text(JsonNode content) {
		if (content.has("minimal")) {
			return content.path("minimal").path("text").asText();
		}
		StringBuilder text = new StringBuilder();
		content.path("basic").path("items").forEach((item) -> text.append(item.path("text").asText()));
		return text.toString();
	}

	/**
	 * The text as it was sent: MINIMAL lines are shortened by the Wix client, BASIC texts
	 * only split.
	 */
	private static String text(InboxEvent.Message message) {
		return (message.kind() == InboxEvent.MessageKind.MINIMAL) ? WixClient.minimalText(message.text())
				: message.text();
	}

}

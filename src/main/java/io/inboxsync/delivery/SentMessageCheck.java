package io.inboxsync.delivery;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.wix.WixClient;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Send Message has no idempotency key, so after an answer that never came (or a 5xx) Wix may hold the message
 * already. Before sending again, the conversation's newest messages are searched for the same direction and text.
 */
@Component("sentMessageCheck")
public class SentMessageCheck {

	/** Exchange property: when this attempt's Send Message started. */
	public static final String SEND_STARTED_AT = "InboxSyncSendStartedAt";

	private static final Logger log = LoggerFactory.getLogger(SentMessageCheck.class);

	/** Wix lists at most 100 a page; a customer rarely gets that many messages within a retry's backoff. */
	private static final int NEWEST = 100;

	private final WixClient wix;

	private final Duration window;

	public SentMessageCheck(WixClient wix, InboxSyncProperties properties) {
		this.wix = wix;
		this.window = properties.delivery().sentCheckWindow();
	}

	/** For the pipeline: whether this attempt may have reached Wix before, and Wix indeed holds the message. */
	public boolean alreadySent(Exchange exchange) {
		DeliveryAttempt attempt = exchange.getProperty(DeliveryAttempt.PROPERTY, DeliveryAttempt.class);
		if (attempt == null || !attempt.mayBeSentAlready()) {
			return false;
		}
		InboxEvent event = exchange.getProperty(DeadLetterRecorder.EVENT, InboxEvent.class);
		return alreadySent(exchange.getVariable("conversationId", String.class), event.message(),
				attempt.maybeSentSince());
	}

	public boolean alreadySent(String conversationId, InboxEvent.Message message, Instant since) {
		JsonNode newest = this.wix.listMessages(conversationId, "BUSINESS", NEWEST, null);
		Instant notBefore = since.minus(this.window);
		for (JsonNode candidate : newest.path("messages")) {
			if (Instant.parse(candidate.path("createdDate").asText()).isBefore(notBefore)) {
				break;
			}
			if (candidate.path("direction").asText().equals(message.direction().name())
					&& text(candidate.path("content")).equals(text(message))) {
				log.info("Conversation {} already holds message {}: not sending it again", conversationId,
						candidate.path("id").asText());
				return true;
			}
		}
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

	/** The text as it was sent: MINIMAL lines are shortened by the Wix client, BASIC texts only split. */
	private static String text(InboxEvent.Message message) {
		return (message.kind() == InboxEvent.MessageKind.MINIMAL) ? WixClient.minimalText(message.text())
				: message.text();
	}

}

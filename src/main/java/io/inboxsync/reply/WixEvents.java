package io.inboxsync.reply;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * What inbox-sync does with each of Wix's events, taken off the Wix events queue: a
 * message to the participant becomes a reply for its channel; merged conversations move
 * the conversation ids we remember at once; anything else is acknowledged and left.
 */
@Component("wixEvents")
public class WixEvents {

	private static final Logger log = LoggerFactory.getLogger(WixEvents.class);

	private final ReplyRouter router;

	private final ConversationMerges merges;

	public WixEvents(ReplyRouter router, ConversationMerges merges) {
		this.router = router;
		this.merges = merges;
	}

	/** The reply to send, or {@code null} when there is none. */
	public Reply handle(WixWebhookEvent event) {
		if (event.is(WixWebhookEvent.MESSAGE, WixWebhookEvent.MESSAGE_SENT_TO_PARTICIPANT)) {
			return this.router.replyOf(event).orElse(null);
		}
		if (event.is(WixWebhookEvent.CONVERSATION, WixWebhookEvent.CONVERSATIONS_MERGED)) {
			List<String> old = new ArrayList<>();
			event.body().path("oldConversationIds").forEach((id) -> old.add(id.asText()));
			String target = event.body().path("targetConversationId").asText(null);
			if (target != null && !old.isEmpty()) {
				this.merges.follow(old, target);
			}
			return null;
		}
		log.debug("Wix event {} ({}/{}) is not one inbox-sync handles", event.id(), event.entityFqdn(), event.slug());
		return null;
	}

}

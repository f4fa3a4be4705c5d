package io.inboxsync.reply;

import java.util.Collection;

import io.inboxsync.wix.ConversationLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Wix merged conversations into one: the conversation ids inbox-sync remembers (the
 * cached conversation of each contact, the conversation of each reply channel) follow to
 * the target at once, instead of waiting for a 404.
 */
@Component
public class ConversationMerges {

	private static final Logger log = LoggerFactory.getLogger(ConversationMerges.class);

	private final ConversationLookup conversations;

	private final ReplyChannels channels;

	public ConversationMerges(ConversationLookup conversations, ReplyChannels channels) {
		this.conversations = conversations;
		this.channels = channels;
	}

	public void follow(Collection<String> oldConversationIds, String targetConversationId) {
		this.conversations.followMerge(oldConversationIds, targetConversationId);
		int moved = this.channels.followMerge(oldConversationIds, targetConversationId);
		log.info("Conversations {} were merged into {}: remembered ids follow ({} channels)", oldConversationIds,
				targetConversationId, moved);
	}

}

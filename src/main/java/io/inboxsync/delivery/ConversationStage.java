package io.inboxsync.delivery;

import java.time.Clock;

import io.inboxsync.wix.ConversationLookup;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The conversation stage: a delivery is addressed to its contact's conversation (Get or
 * Create Conversation).
 */
@Component("conversationStage")
public class ConversationStage {

	private final ConversationLookup conversations;

	private final Clock clock;

	@Autowired
	public ConversationStage(ConversationLookup conversations) {
		this(conversations, Clock.systemUTC());
	}

	ConversationStage(ConversationLookup conversations, Clock clock) {
		this.conversations = conversations;
		this.clock = clock;
	}

	public Delivery address(Delivery delivery) {
		String conversationId = this.conversations.conversationOf(delivery.event(), delivery.contactId());
		return delivery.inConversation(conversationId, this.clock.instant());
	}

}

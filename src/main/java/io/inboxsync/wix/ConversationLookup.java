package io.inboxsync.wix;

import java.util.Collection;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The conversation of a contact, remembered so that a message usually costs Send Message
 * alone. Wix's advice is to call Get or Create right before sending; a remembered id is
 * safe because a 404 on Send Message leads to {@link #refresh} and one more send.
 */
@Component("conversationLookup")
public class ConversationLookup {

	private final WixClient wix;

	private final ContactLookup contacts;

	/** The cache's name, as its metrics show it. */
	public static final String CACHE = "inbox.sync.conversations";

	/** The participants' cache's name, as its metrics show it. */
	public static final String PARTICIPANTS_CACHE = "inbox.sync.conversation.participants";

	private final Cache<String, String> conversationByContact;

	/** Empty: not a contact's conversation of this site, as Wix answered. */
	private final Cache<String, Optional<String>> contactByConversation;

	public ConversationLookup(WixClient wix, ContactLookup contacts, InboxSyncProperties properties,
			MeterRegistry meters) {
		this.wix = wix;
		this.contacts = contacts;
		this.conversationByContact = WixCaches.build(CACHE, properties.cache(), properties.cache().conversations(),
				meters);
		this.contactByConversation = WixCaches.build(PARTICIPANTS_CACHE, properties.cache(),
				properties.cache().conversations(), meters);
	}

	/**
	 * The contact a conversation is with (Get Conversation), or empty when it is no
	 * contact's conversation of this site. Remembered either way: a conversation keeps
	 * its participant, so the business's messages in a conversation that never came
	 * through inbox-sync cost one call, not one each.
	 */
	public Optional<String> contactOf(String conversationId) {
		return this.contactByConversation.get(conversationId, this.wix::contactOfConversation);
	}

	public String conversationOf(InboxEvent event, String contactId) {
		String cached = this.conversationByContact.getIfPresent(contactId);
		if (cached != null) {
			return cached;
		}
		try {
			String conversationId = this.wix.getOrCreateConversation(contactId);
			this.conversationByContact.put(contactId, conversationId);
			return conversationId;
		}
		catch (WixApiException ex) {
			if (ex.status() == 404) {
				// The contact is gone (deleted, or merged into another): look the
				// customer up afresh next time.
				this.contacts.forget(event);
			}
			throw ex;
		}
	}

	/**
	 * Wix merged conversations (its conversations_merged event): a contact remembered
	 * with one of the old ids has the target from now on, without waiting for a 404.
	 */
	public void followMerge(Collection<String> oldConversationIds, String targetConversationId) {
		this.conversationByContact.asMap()
			.replaceAll((contact, conversation) -> oldConversationIds.contains(conversation) ? targetConversationId
					: conversation);
	}

	/** The conversation answered 404 (merged into a new one): ask Wix again. */
	public String refresh(InboxEvent event, String contactId) {
		this.conversationByContact.invalidate(contactId);
		return conversationOf(event, contactId);
	}

}

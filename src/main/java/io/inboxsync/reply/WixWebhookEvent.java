package io.inboxsync.reply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One of Wix's webhook events, verified and unpacked from its JWT: what the Wix events
 * queue carries.
 *
 * @param id the event's id, unique per event: repeated deliveries share it
 * @param eventType the envelope's event type, as Wix spells it (spellings differ: match
 * on {@code entityFqdn} and {@code slug})
 * @param instanceId the app's installation: which site
 * @param entityFqdn e.g. {@code wix.crm.inbox.v2.message}
 * @param slug e.g. {@code message_sent_to_participant}
 * @param entityId the entity the event is about
 * @param body the event's {@code actionEvent.body}
 * @param identity who caused it: {@code identityType} and the matching id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WixWebhookEvent(String id, String eventType, String instanceId, String entityFqdn, String slug,
		String entityId, JsonNode body, JsonNode identity) {

	public static final String MESSAGE = "wix.crm.inbox.v2.message";

	public static final String CONVERSATION = "wix.crm.inbox.v2.conversation";

	public static final String MESSAGE_SENT_TO_PARTICIPANT = "message_sent_to_participant";

	public static final String CONVERSATIONS_MERGED = "conversations_merged";

	public boolean is(String entityFqdn, String slug) {
		return entityFqdn.equals(this.entityFqdn) && slug.equals(this.slug);
	}

	/**
	 * The conversation the event is about: a message's, or the one conversations were
	 * merged into; {@code null} for other events.
	 */
	public String conversationId() {
		if (this.body == null) {
			return null;
		}
		String field = is(CONVERSATION, CONVERSATIONS_MERGED) ? "targetConversationId" : "conversationId";
		return this.body.path(field).asText(null);
	}

	@Override
	public String toString() {
		return "WixWebhookEvent[" + this.id + ", " + this.entityFqdn + "/" + this.slug + "]";
	}

}

package io.inboxsync.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the sandbox's Wix site holds: contacts, conversations and messages, in memory.
 * Every method is atomic, so the pipeline's concurrent calls see one consistent site.
 */
class SandboxState {

	private static final Map<String, String> COUNTRY_CALLING_CODES = Map.of("US", "1", "CA", "1", "GB", "44", "IL",
			"972", "DE", "49", "FR", "33", "ES", "34", "IT", "39", "AU", "61", "BR", "55");

	private final ObjectMapper objectMapper;

	private final String businessName;

	private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();

	private final Map<String, Conversation> conversations = new LinkedHashMap<>();

	private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

	/**
	 * Switchable while running (the sandbox's admin API), so one test run can play both
	 * behaviours.
	 */
	private volatile SandboxEmailMatch emailMatch;

	SandboxState(ObjectMapper objectMapper, String businessName, SandboxEmailMatch emailMatch) {
		this.objectMapper = objectMapper;
		this.businessName = businessName;
		this.emailMatch = emailMatch;
	}

	SandboxEmailMatch emailMatch() {
		return this.emailMatch;
	}

	void emailMatch(SandboxEmailMatch emailMatch) {
		this.emailMatch = emailMatch;
	}

	/**
	 * A contact as Wix returns it, with generated id, revision, dates, E.164 phones and
	 * primary info.
	 */
	synchronized ObjectNode addContact(String id, JsonNode info) {
		ObjectNode contact = this.objectMapper.createObjectNode();
		String now = Instant.now().toString();
		contact.put("id", (id != null) ? id : UUID.randomUUID().toString());
		contact.put("revision", 1);
		contact.put("createdDate", now);
		contact.put("updatedDate", now);
		ObjectNode storedInfo = info.deepCopy();
		ObjectNode primary = contact.putObject("primaryInfo");
		for (JsonNode email : storedInfo.path("emails").path("items")) {
			((ObjectNode) email).put("email", email.path("email").asText());
			if (!primary.has("email")) {
				primary.put("email", email.path("email").asText());
			}
		}
		for (JsonNode phone : storedInfo.path("phones").path("items")) {
			String e164 = e164(phone.path("phone").asText(), phone.path("countryCode").asText(null));
			if (e164 != null) {
				((ObjectNode) phone).put("e164Phone", e164);
			}
			if (!primary.has("phone")) {
				primary.put("phone", phone.path("phone").asText());
			}
		}
		contact.set("info", storedInfo);
		this.contacts.put(contact.get("id").asText(), contact);
		return contact.deepCopy();
	}

	synchronized Optional<ObjectNode> contact(String id) {
		return Optional.ofNullable(this.contacts.get(id)).map(ObjectNode::deepCopy);
	}

	synchronized List<ObjectNode> contacts() {
		return this.contacts.values().stream().map(ObjectNode::deepCopy).toList();
	}

	/** Get or Create Conversation: one conversation per participant. */
	synchronized Conversation conversationOf(String contactId) {
		Optional<Conversation> existing = this.conversations.values()
			.stream()
			.filter((conversation) -> conversation.contactId.equals(contactId))
			.findFirst();
		if (existing.isPresent()) {
			return existing.get().asExisting();
		}
		Conversation created = new Conversation(UUID.randomUUID().toString(), contactId, true);
		this.conversations.put(created.id, created);
		return created;
	}

	synchronized Optional<Conversation> conversation(String id) {
		return Optional.ofNullable(this.conversations.get(id));
	}

	/**
	 * The messages of the contact's conversation, oldest first; none when it has no
	 * conversation yet.
	 */
	synchronized List<ObjectNode> messagesOfContact(String contactId) {
		return this.conversations.values()
			.stream()
			.filter((conversation) -> conversation.contactId.equals(contactId))
			.flatMap((conversation) -> conversation.messages.stream())
			.map(ObjectNode::deepCopy)
			.toList();
	}

	/**
	 * Wix's conversation merge: the conversation moves to a new id with its messages, and
	 * the old id is gone (Send Message and Get Conversation answer 404 to it). The new
	 * conversation, or empty when there is no such id.
	 */
	synchronized Optional<Conversation> merge(String id) {
		Conversation old = this.conversations.remove(id);
		if (old == null) {
			return Optional.empty();
		}
		Conversation target = new Conversation(UUID.randomUUID().toString(), old.contactId, false, old.messages);
		this.conversations.put(target.id, target);
		return Optional.of(target);
	}

	/**
	 * Everything the site holds, for the admin view: contacts, and each conversation with
	 * its messages.
	 */
	synchronized ObjectNode snapshot() {
		ObjectNode snapshot = this.objectMapper.createObjectNode();
		ArrayNode contacts = snapshot.putArray("contacts");
		this.contacts.values().forEach((contact) -> contacts.add(contact.deepCopy()));
		ArrayNode conversations = snapshot.putArray("conversations");
		for (Conversation conversation : this.conversations.values()) {
			ObjectNode json = toJson(conversation);
			ArrayNode messages = json.putArray("messages");
			conversation.messages.forEach((message) -> messages.add(message.deepCopy()));
			conversations.add(json);
		}
		return snapshot;
	}

	/**
	 * Send Message: stores the message with the fields Wix fills in, and returns it.
	 * @param sender who sent it, as Wix stamps it: {@code appId} for an app,
	 * {@code wixUserId} for a person in the dashboard
	 */
	synchronized ObjectNode addMessage(Conversation conversation, JsonNode message, ObjectNode sender) {
		ObjectNode stored = this.objectMapper.createObjectNode();
		String id = Long.toString(this.sequence.incrementAndGet());
		stored.put("id", id);
		stored.put("sequence", id);
		stored.put("createdDate", Instant.now().toString());
		stored.set("sender", sender.deepCopy());
		stored.set("direction", message.get("direction"));
		stored.set("visibility", message.get("visibility"));
		stored.set("content", message.get("content"));
		stored.set("badges", message.has("badges") ? message.get("badges") : this.objectMapper.createArrayNode());
		stored.putArray("targetChannels");
		stored.put("sourceChannel", "UNKNOWN_CHANNEL_TYPE");
		stored.put("silent", false);
		conversation.messages.add(stored);
		return stored.deepCopy();
	}

	/** The conversation of a contact that has one. */
	synchronized Optional<Conversation> conversationOfContact(String contactId) {
		return this.conversations.values()
			.stream()
			.filter((conversation) -> conversation.contactId.equals(contactId))
			.findFirst();
	}

	/** A conversation's messages, oldest first. */
	synchronized List<ObjectNode> messages(Conversation conversation) {
		return conversation.messages.stream().map(ObjectNode::deepCopy).toList();
	}

	ObjectNode toJson(Conversation conversation) {
		ObjectNode json = this.objectMapper.createObjectNode();
		json.put("id", conversation.id);
		json.putObject("participant").put("contactId", conversation.contactId);
		json.putObject("businessDisplayData").put("name", this.businessName);
		ObjectNode participant = json.putObject("participantDisplayData");
		contact(conversation.contactId).ifPresent((contact) -> {
			JsonNode name = contact.path("info").path("name");
			String display = (name.path("first").asText("") + " " + name.path("last").asText("")).trim();
			participant.put("name", display.isEmpty() ? contact.path("primaryInfo").path("email").asText("") : display);
		});
		return json;
	}

	private static String e164(String phone, String countryCode) {
		String digits = phone.replaceAll("[^0-9]", "");
		if (digits.isEmpty()) {
			return null;
		}
		if (phone.trim().startsWith("+")) {
			return "+" + digits;
		}
		String callingCode = (countryCode != null) ? COUNTRY_CALLING_CODES.get(countryCode) : null;
		return (callingCode != null) ? "+" + callingCode + digits.replaceFirst("^0+", "") : null;
	}

	static ArrayNode values(ObjectNode contact, String field, ObjectMapper objectMapper) {
		ArrayNode values = objectMapper.createArrayNode();
		switch (field) {
			case "id" -> values.add(contact.path("id").asText());
			case "info.emails.email" -> contact.path("info")
				.path("emails")
				.path("items")
				.forEach((item) -> values.add(item.path("email").asText()));
			case "info.phones.phone" -> contact.path("info")
				.path("phones")
				.path("items")
				.forEach((item) -> values.add(item.path("phone").asText()));
			case "info.phones.e164Phone" -> contact.path("info").path("phones").path("items").forEach((item) -> {
				if (item.has("e164Phone")) {
					values.add(item.path("e164Phone").asText());
				}
			});
			case "primaryInfo.email" -> values.add(contact.path("primaryInfo").path("email").asText(""));
			case "primaryInfo.phone" -> values.add(contact.path("primaryInfo").path("phone").asText(""));
			default -> throw new IllegalArgumentException(field);
		}
		return values;
	}

	/**
	 * A conversation with one contact. {@code created} tells Get or Create which it did.
	 */
	static final class Conversation {

		final String id;

		final String contactId;

		final boolean created;

		final List<ObjectNode> messages;

		Conversation(String id, String contactId, boolean created) {
			this(id, contactId, created, new ArrayList<>());
		}

		private Conversation(String id, String contactId, boolean created, List<ObjectNode> messages) {
			this.id = id;
			this.contactId = contactId;
			this.created = created;
			this.messages = messages;
		}

		Conversation asExisting() {
			return new Conversation(this.id, this.contactId, false, this.messages);
		}

	}

}

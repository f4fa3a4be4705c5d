package io.inboxsync.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Wix endpoints inbox-sync uses, served under {@code /wix-sandbox} with Wix's paths
 * and error shapes ({@code shared/wix-api.md}), so the pipeline and its tests talk real
 * HTTP to something that behaves like Wix. Each request has already passed sign-in, the
 * rate limit and {@link WixContract}; what is left here is what Wix decides from its
 * data: not found, duplicates, the rules its contract cannot say.
 */
@RestController
@ConditionalOnWixSandbox
@RequestMapping(WixSandboxController.PATH)
class WixSandboxController {

	static final String PATH = SandboxPaths.PATH;

	private static final Logger log = LoggerFactory.getLogger(WixSandboxController.class);

	private static final Set<String> CONTACT_FILTER_FIELDS = Set.of("id", "info.emails.email", "primaryInfo.email",
			"info.phones.phone", "info.phones.e164Phone", "primaryInfo.phone");

	/** Compared as inbox-sync.sandbox.email-match says; every other field exactly. */
	private static final Set<String> EMAIL_FIELDS = Set.of("info.emails.email", "primaryInfo.email");

	/** A message the business wrote to the participant: Wix tells the app. */
	static final String BUSINESS_TO_PARTICIPANT = "BUSINESS_TO_PARTICIPANT";

	private final SandboxState state;

	private final SandboxAppTokens appTokens;

	private final ObjectMapper objectMapper;

	private final SandboxWebhooks webhooks;

	private final SandboxMedia media;

	WixSandboxController(SandboxState state, SandboxAppTokens appTokens, ObjectMapper objectMapper,
			SandboxWebhooks webhooks, SandboxMedia media) {
		this.state = state;
		this.appTokens = appTokens;
		this.objectMapper = objectMapper;
		this.webhooks = webhooks;
		this.media = media;
	}

	/**
	 * A Wix app's access token for its installation on this site (OAuth client
	 * credentials).
	 */
	@PostMapping(SandboxPaths.TOKEN)
	Map<String, Object> accessToken(@RequestBody JsonNode request) {
		return this.appTokens.issue(request.path("client_id").asText(), request.path("client_secret").asText(),
				request.path("instance_id").asText());
	}

	@PostMapping("/contacts/v4/contacts/query")
	ObjectNode queryContacts(@RequestBody JsonNode request) {
		JsonNode query = request.path("query");
		int limit = query.path("paging").path("limit").asInt(50);
		int offset = query.path("paging").path("offset").asInt(0);
		if (limit < 0 || limit > 1000) {
			throw WixError.application(400, "ILLEGAL_LIMIT", "paging.limit must be 0 to 1000");
		}
		Predicate<ObjectNode> filter = contactFilter(query.path("filter"));
		List<ObjectNode> matches = this.state.contacts().stream().filter(filter).toList();
		ObjectNode response = this.objectMapper.createObjectNode();
		ArrayNode contacts = response.putArray("contacts");
		matches.stream()
			.skip(offset)
			.limit(limit)
			.forEach((contact) -> contacts.add(project(contact, query.path("fields"))));
		ObjectNode paging = response.putObject("pagingMetadata");
		paging.put("count", contacts.size());
		paging.put("offset", offset);
		paging.put("total", matches.size());
		paging.put("tooManyToCount", false);
		return response;
	}

	@PostMapping("/contacts/v4/contacts")
	ObjectNode createContact(@RequestBody JsonNode request) {
		JsonNode info = request.path("info");
		if (!request.path("allowDuplicates").asBoolean(false)) {
			rejectDuplicate(info.path("emails").path("items"), info.path("phones").path("items"));
		}
		ObjectNode response = this.objectMapper.createObjectNode();
		response.set("contact", this.state.addContact(null, info));
		return response;
	}

	/** Wix's rule: the email is unique; with no email, the phone is. */
	private void rejectDuplicate(JsonNode emails, JsonNode phones) {
		String field = emails.isEmpty() ? "info.phones.phone" : "info.emails.email";
		JsonNode items = emails.isEmpty() ? phones : emails;
		String key = emails.isEmpty() ? "phone" : "email";
		for (JsonNode item : items) {
			String value = item.path(key).asText();
			this.state.contacts()
				.stream()
				.filter((contact) -> contains(field, SandboxState.values(contact, field, this.objectMapper), value))
				.findFirst()
				.ifPresent((duplicate) -> {
					throw WixError.application(409, "DUPLICATE_CONTACT_EXISTS",
							"a contact with this " + key + " already exists",
							Map.of("duplicateContactId", duplicate.path("id").asText()));
				});
		}
	}

	@GetMapping("/contacts/v4/contacts/{id}")
	ObjectNode getContact(@PathVariable String id) {
		ObjectNode contact = this.state.contact(id)
			.orElseThrow(() -> WixError.application(404, "CONTACT_NOT_FOUND", "contact " + id + " not found"));
		ObjectNode response = this.objectMapper.createObjectNode();
		response.set("contact", contact);
		response.put("responseType", "REGULAR");
		return response;
	}

	@PostMapping("/inbox/v2/conversations")
	ObjectNode getOrCreateConversation(@RequestBody JsonNode request) {
		JsonNode contactId = request.path("participantId").path("contactId");
		if (!contactId.isTextual()) {
			throw WixError.application(400, "UNSUPPORTED_PARTICIPANT", "the sandbox knows contacts only");
		}
		SandboxState.Conversation conversation = this.state.conversationOf(contactId.asText());
		ObjectNode response = this.objectMapper.createObjectNode();
		response.set("conversation", this.state.toJson(conversation));
		response.put("newConversation", conversation.created);
		return response;
	}

	@GetMapping("/inbox/v2/conversations/{conversationId}")
	ObjectNode getConversation(@PathVariable String conversationId) {
		ObjectNode response = this.objectMapper.createObjectNode();
		response.set("conversation", this.state.toJson(conversation(conversationId)));
		return response;
	}

	@PostMapping("/inbox/v2/messages")
	ObjectNode sendMessage(@RequestBody JsonNode request, HttpServletRequest http) {
		SandboxState.Conversation conversation = conversation(request.path("conversationId").asText());
		refuseMediaUrls(request.path("message").path("content").path("basic").path("items"), http.getContextPath());
		ObjectNode response = this.objectMapper.createObjectNode();
		// Every caller of the sandbox's API (its API key, or its app's token) is the
		// sandbox's app.
		ObjectNode message = this.state.addMessage(conversation, request.path("message"),
				this.objectMapper.createObjectNode().put("appId", this.webhooks.appId()));
		if (BUSINESS_TO_PARTICIPANT.equals(message.path("direction").asText())) {
			this.webhooks.messageSentToParticipant(conversation.id, message);
		}
		response.set("message", message);
		return response;
	}

	/** Send Message's {@code INVALID_MEDIA_URL}, by the sandbox's rule for media URLs. */
	private void refuseMediaUrls(JsonNode items, String contextPath) {
		for (JsonNode item : items) {
			for (String kind : List.of("image", "file")) {
				JsonNode url = item.path(kind).path("url");
				if (url.isTextual() && !this.media.takesMediaUrl(url.asText(), contextPath)) {
					throw WixError.application(400, "INVALID_MEDIA_URL",
							"the " + kind + " URL is not one Wix takes: import the file into the site's media first");
				}
			}
		}
	}

	/**
	 * List Messages, newest first by default. A {@code BUSINESS_AND_PARTICIPANT} listing
	 * hides business-only messages.
	 */
	@GetMapping("/inbox/v2/messages")
	ObjectNode listMessages(@RequestParam Map<String, String> request) {
		int limit = Integer.parseInt(request.getOrDefault("paging.limit", "30"));
		SandboxState.Conversation conversation = conversation(request.get("conversationId"));
		List<ObjectNode> messages = new ArrayList<>(this.state.messages(conversation));
		if ("BUSINESS_AND_PARTICIPANT".equals(request.get("visibility"))) {
			messages.removeIf((message) -> "BUSINESS".equals(message.path("visibility").asText()));
		}
		if (!"ASC".equals(request.get("sorting.order"))) {
			Collections.reverse(messages);
		}
		int offset = decodeCursor(request.get("paging.cursor"));
		List<ObjectNode> page = messages.stream().skip(offset).limit(limit).toList();
		ObjectNode response = this.objectMapper.createObjectNode();
		response.putArray("messages").addAll(page);
		ObjectNode paging = response.putObject("pagingMetadata");
		paging.put("count", page.size());
		ObjectNode cursors = paging.putObject("cursors");
		if (offset + page.size() < messages.size()) {
			cursors.put("next", encodeCursor(offset + page.size()));
		}
		return response;
	}

	@ExceptionHandler(WixError.class)
	ResponseEntity<Map<String, Object>> wixError(WixError error) {
		return ResponseEntity.status(error.status()).body(error.body());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		log.error("The Wix sandbox failed on a request", ex);
		return wixError(WixError.server(500));
	}

	private SandboxState.Conversation conversation(String id) {
		return this.state.conversation(id)
			.orElseThrow(
					() -> WixError.application(404, "CONVERSATION_NOT_FOUND", "conversation " + id + " not found"));
	}

	/**
	 * Wix's filter language, the part inbox-sync uses: {@code {field: value}} or
	 * {@code {field: {$op: value}}}.
	 */
	private Predicate<ObjectNode> contactFilter(JsonNode filter) {
		if (filter.isMissingNode() || filter.isNull()) {
			return (contact) -> true;
		}
		if (!filter.isObject()) {
			throw WixError.application(400, "MALFORMED_FILTER", "filter must be an object");
		}
		Predicate<ObjectNode> all = (contact) -> true;
		for (Map.Entry<String, JsonNode> condition : filter.properties()) {
			String field = condition.getKey();
			if (!CONTACT_FILTER_FIELDS.contains(field)) {
				throw WixError.application(400, "UNSUPPORTED_FILTER_FIELD_UNKNOWN", "cannot filter on " + field);
			}
			all = all.and(fieldCondition(field, condition.getValue()));
		}
		return all;
	}

	private Predicate<ObjectNode> fieldCondition(String field, JsonNode condition) {
		if (!condition.isObject()) {
			return (contact) -> contains(field, SandboxState.values(contact, field, this.objectMapper),
					condition.asText());
		}
		if (condition.size() != 1) {
			throw WixError.application(400, "MALFORMED_FILTER", field + " must hold exactly one operator");
		}
		Map.Entry<String, JsonNode> operator = condition.properties().iterator().next();
		JsonNode operand = operator.getValue();
		return switch (operator.getKey()) {
			case "$eq" ->
				(contact) -> contains(field, SandboxState.values(contact, field, this.objectMapper), operand.asText());
			case "$ne" ->
				(contact) -> !contains(field, SandboxState.values(contact, field, this.objectMapper), operand.asText());
			case "$in" -> {
				if (!operand.isArray()) {
					throw WixError.application(400, "UNSUPPORTED_FILTER_VALUE_TYPE", "$in takes an array");
				}
				yield (contact) -> {
					ArrayNode values = SandboxState.values(contact, field, this.objectMapper);
					for (JsonNode wanted : operand) {
						if (contains(field, values, wanted.asText())) {
							return true;
						}
					}
					return false;
				};
			}
			case "$exists" ->
				(contact) -> SandboxState.values(contact, field, this.objectMapper).isEmpty() != operand.asBoolean();
			case "$startsWith" -> (contact) -> {
				for (JsonNode value : SandboxState.values(contact, field, this.objectMapper)) {
					if (value.asText().startsWith(operand.asText())) {
						return true;
					}
				}
				return false;
			};
			default -> throw WixError.application(400, "UNSUPPORTED_FILTER_OPERATOR",
					operator.getKey() + " is not supported on " + field);
		};
	}

	private boolean contains(String field, ArrayNode values, String wanted) {
		boolean email = EMAIL_FIELDS.contains(field);
		for (JsonNode value : values) {
			if (email ? this.state.emailMatch().matches(value.asText(), wanted) : value.asText().equals(wanted)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Wix's projection: {@code id} and {@code revision} always, then the requested
	 * top-level fields.
	 */
	private ObjectNode project(ObjectNode contact, JsonNode fields) {
		if (!fields.isArray() || fields.isEmpty()) {
			return contact;
		}
		ObjectNode projected = this.objectMapper.createObjectNode();
		projected.set("id", contact.get("id"));
		projected.set("revision", contact.get("revision"));
		for (JsonNode field : fields) {
			String top = field.asText().split("\\.")[0];
			if (contact.has(top)) {
				projected.set(top, contact.get(top));
			}
		}
		return projected;
	}

	private static String encodeCursor(int offset) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
	}

	private static int decodeCursor(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return 0;
		}
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			return Integer.parseInt(decoded.substring("offset:".length()));
		}
		catch (RuntimeException ex) {
			throw WixError.invalid(
					List.of(new WixContract.Violation("paging.cursor", "is not a cursor of this listing", "FORMAT")));
		}
	}

}

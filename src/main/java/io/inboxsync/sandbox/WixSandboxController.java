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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Wix endpoints inbox-sync uses, served under {@code /wix-sandbox} with Wix's paths, validation and error shapes
 * ({@code shared/wix-api.md}), so the pipeline and its tests talk real HTTP to something that behaves like Wix.
 */
@RestController
@ConditionalOnWixSandbox
@RequestMapping(WixSandboxController.PATH)
class WixSandboxController {

	static final String PATH = "/wix-sandbox";

	private static final Logger log = LoggerFactory.getLogger(WixSandboxController.class);

	private static final Set<String> CONTACT_FILTER_FIELDS = Set.of("id", "info.emails.email", "primaryInfo.email",
			"info.phones.phone", "info.phones.e164Phone", "primaryInfo.phone");

	private static final Set<String> DIRECTIONS = Set.of("PARTICIPANT_TO_BUSINESS", "BUSINESS_TO_PARTICIPANT");

	private static final Set<String> VISIBILITIES = Set.of("BUSINESS", "BUSINESS_AND_PARTICIPANT");

	private static final Set<String> EMAIL_TAGS = Set.of("UNTAGGED", "MAIN", "HOME", "WORK");

	private static final Set<String> PHONE_TAGS = Set.of("UNTAGGED", "MAIN", "HOME", "MOBILE", "WORK", "FAX");

	private final SandboxState state;

	private final ObjectMapper objectMapper;

	WixSandboxController(SandboxState state, ObjectMapper objectMapper) {
		this.state = state;
		this.objectMapper = objectMapper;
	}

	@PostMapping("/contacts/v4/contacts/query")
	ObjectNode queryContacts(@RequestBody JsonNode request) {
		JsonNode query = request.path("query");
		int limit = query.path("paging").path("limit").asInt(50);
		int offset = query.path("paging").path("offset").asInt(0);
		if (limit < 0 || limit > 1000 || offset < 0) {
			throw WixError.application(400, "ILLEGAL_LIMIT", "paging.limit must be 0 to 1000 and offset 0 or more");
		}
		Predicate<ObjectNode> filter = contactFilter(query.path("filter"));
		List<ObjectNode> matches = this.state.contacts().stream().filter(filter).toList();
		ObjectNode response = this.objectMapper.createObjectNode();
		ArrayNode contacts = response.putArray("contacts");
		matches.stream().skip(offset).limit(limit).forEach((contact) -> contacts.add(project(contact, query.path("fields"))));
		ObjectNode paging = response.putObject("pagingMetadata");
		paging.put("count", contacts.size());
		paging.put("offset", offset);
		paging.put("total", matches.size());
		paging.put("tooManyToCount", false);
		return response;
	}

	@PostMapping("/contacts/v4/contacts")
	ObjectNode createContact(@RequestBody JsonNode request) {
		Violations violations = new Violations();
		JsonNode info = violations.required(request, "info", "info");
		JsonNode emails = info.path("emails").path("items");
		JsonNode phones = info.path("phones").path("items");
		if (info.isObject() && !info.has("name") && emails.isEmpty() && phones.isEmpty()) {
			violations.add("info", "must hold at least a name, an email or a phone", "OTHER");
		}
		violations.size(emails, "info.emails.items", 0, 50);
		violations.size(phones, "info.phones.items", 0, 50);
		for (int i = 0; i < emails.size(); i++) {
			violations.text(violations.required(emails.get(i), "email", "info.emails.items[" + i + "].email"),
					"info.emails.items[" + i + "].email", 1, 320);
			violations.oneOf(emails.get(i).path("tag"), "info.emails.items[" + i + "].tag", EMAIL_TAGS);
		}
		for (int i = 0; i < phones.size(); i++) {
			violations.text(violations.required(phones.get(i), "phone", "info.phones.items[" + i + "].phone"),
					"info.phones.items[" + i + "].phone", 1, 50);
			violations.oneOf(phones.get(i).path("tag"), "info.phones.items[" + i + "].tag", PHONE_TAGS);
		}
		violations.throwIfAny();
		if (!request.path("allowDuplicates").asBoolean(false)) {
			rejectDuplicate(emails, phones);
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
				.filter((contact) -> contains(SandboxState.values(contact, field, this.objectMapper), value))
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
		Violations violations = new Violations();
		JsonNode participant = violations.required(request, "participantId", "participantId");
		String kind = participant.isObject()
				? violations.exactlyOne(participant, "participantId", Set.of("contactId", "anonymousVisitorId", "memberId"))
				: null;
		if (kind != null) {
			violations.guid(participant.path(kind), "participantId." + kind);
		}
		violations.throwIfAny();
		if (!"contactId".equals(kind)) {
			throw WixError.application(400, "UNSUPPORTED_PARTICIPANT", "the sandbox knows contacts only");
		}
		SandboxState.Conversation conversation = this.state.conversationOf(participant.path("contactId").asText());
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
	ObjectNode sendMessage(@RequestBody JsonNode request) {
		Violations violations = new Violations();
		JsonNode conversationId = violations.required(request, "conversationId", "conversationId");
		violations.guid(conversationId, "conversationId");
		JsonNode message = violations.required(request, "message", "message");
		if (message.isObject()) {
			violations.oneOf(violations.required(message, "direction", "message.direction"), "message.direction",
					DIRECTIONS);
			violations.oneOf(violations.required(message, "visibility", "message.visibility"), "message.visibility",
					VISIBILITIES);
			validateContent(violations, violations.required(message, "content", "message.content"));
			JsonNode badges = message.path("badges");
			violations.size(badges, "message.badges", 0, 1);
			for (int i = 0; badges.isArray() && i < badges.size(); i++) {
				violations.text(violations.required(badges.get(i), "text", "message.badges[" + i + "].text"),
						"message.badges[" + i + "].text", 1, 1000);
				violations.webUrl(badges.get(i).path("iconUrl"), "message.badges[" + i + "].iconUrl");
			}
		}
		violations.throwIfAny();
		SandboxState.Conversation conversation = conversation(conversationId.asText());
		ObjectNode response = this.objectMapper.createObjectNode();
		response.set("message", this.state.addMessage(conversation, message));
		return response;
	}

	private void validateContent(Violations violations, JsonNode content) {
		if (!content.isObject()) {
			return;
		}
		violations.text(content.path("previewText"), "message.content.previewText", 0, 256);
		String kind = violations.exactlyOne(content, "message.content", Set.of("basic", "minimal", "template", "form"));
		if ("basic".equals(kind)) {
			JsonNode items = violations.required(content.path("basic"), "items", "message.content.basic.items");
			violations.size(items, "message.content.basic.items", 1, Integer.MAX_VALUE);
			for (int i = 0; items.isArray() && i < items.size(); i++) {
				String field = "message.content.basic.items[" + i + "]";
				String item = violations.exactlyOne(items.get(i), field, Set.of("text", "image", "file"));
				if ("text".equals(item)) {
					violations.text(items.get(i).path("text"), field + ".text", 1, 16384);
				}
				else if (item != null) {
					violations.webUrl(violations.required(items.get(i).path(item), "url", field + "." + item + ".url"),
							field + "." + item + ".url");
				}
			}
		}
		else if ("minimal".equals(kind)) {
			JsonNode minimal = content.path("minimal");
			violations.text(violations.required(minimal, "text", "message.content.minimal.text"),
					"message.content.minimal.text", 1, 16384);
			violations.webUrl(minimal.path("iconUrl"), "message.content.minimal.iconUrl");
			violations.webUrl(minimal.path("url"), "message.content.minimal.url");
		}
	}

	/**
	 * List Messages, newest first by default. Also takes Wix's SDK form {@code ?.r=<base64url JSON>}. A
	 * {@code BUSINESS_AND_PARTICIPANT} listing hides business-only messages.
	 */
	@GetMapping("/inbox/v2/messages")
	ObjectNode listMessages(@RequestParam Map<String, String> parameters) {
		Map<String, String> request = parameters.containsKey(".r") ? decodeR(parameters.get(".r")) : parameters;
		Violations violations = new Violations();
		ObjectNode asJson = this.objectMapper.valueToTree(request);
		violations.required(asJson, "conversationId", "conversationId");
		violations.oneOf(violations.required(asJson, "visibility", "visibility"), "visibility", VISIBILITIES);
		int limit = parseInt(request.get("paging.limit"), 30);
		if (limit < 1 || limit > 100) {
			violations.add("paging.limit", "must be 1 to 100", "MAX");
		}
		violations.throwIfAny();
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

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		return wixError(WixError.invalid(List.of(new WixError.FieldViolation("", "the body is not valid JSON", "OTHER",
				Map.of("ruleName", "INVALID_JSON")))));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		log.error("The Wix sandbox failed on a request", ex);
		return wixError(WixError.server(500));
	}

	private SandboxState.Conversation conversation(String id) {
		return this.state.conversation(id)
			.orElseThrow(() -> WixError.application(404, "CONVERSATION_NOT_FOUND", "conversation " + id + " not found"));
	}

	/** Wix's filter language, the part inbox-sync uses: {@code {field: value}} or {@code {field: {$op: value}}}. */
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
			return (contact) -> contains(SandboxState.values(contact, field, this.objectMapper), condition.asText());
		}
		if (condition.size() != 1) {
			throw WixError.application(400, "MALFORMED_FILTER", field + " must hold exactly one operator");
		}
		Map.Entry<String, JsonNode> operator = condition.properties().iterator().next();
		JsonNode operand = operator.getValue();
		return switch (operator.getKey()) {
			case "$eq" -> (contact) -> contains(SandboxState.values(contact, field, this.objectMapper), operand.asText());
			case "$ne" -> (contact) -> !contains(SandboxState.values(contact, field, this.objectMapper), operand.asText());
			case "$in" -> {
				if (!operand.isArray()) {
					throw WixError.application(400, "UNSUPPORTED_FILTER_VALUE_TYPE", "$in takes an array");
				}
				yield (contact) -> {
					ArrayNode values = SandboxState.values(contact, field, this.objectMapper);
					for (JsonNode wanted : operand) {
						if (contains(values, wanted.asText())) {
							return true;
						}
					}
					return false;
				};
			}
			case "$exists" -> (contact) -> SandboxState.values(contact, field, this.objectMapper)
				.isEmpty() != operand.asBoolean();
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

	private static boolean contains(ArrayNode values, String wanted) {
		for (JsonNode value : values) {
			if (value.asText().equals(wanted)) {
				return true;
			}
		}
		return false;
	}

	/** Wix's projection: {@code id} and {@code revision} always, then the requested top-level fields. */
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

	/** Flattens the SDK's nested request ({@code {"paging": {"limit": 5}}}) to dotted parameter names. */
	private Map<String, String> decodeR(String encoded) {
		try {
			JsonNode request = this.objectMapper.readTree(Base64.getUrlDecoder().decode(encoded));
			Map<String, String> flat = new java.util.HashMap<>();
			flatten("", request, flat);
			return flat;
		}
		catch (Exception ex) {
			throw WixError.invalid(List.of(new WixError.FieldViolation(".r", "must be base64url JSON", "FORMAT")));
		}
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
		if (node.isObject()) {
			node.properties().forEach((entry) -> flatten(prefix + entry.getKey() + ".", entry.getValue(), flat));
		}
		else {
			flat.put(prefix.substring(0, prefix.length() - 1), node.asText());
		}
	}

	private static int parseInt(String value, int defaultValue) {
		try {
			return (value != null) ? Integer.parseInt(value) : defaultValue;
		}
		catch (NumberFormatException ex) {
			throw WixError.invalid(List.of(new WixError.FieldViolation("paging.limit", "must be a number", "FORMAT")));
		}
	}

	private static String encodeCursor(int offset) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
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
			throw WixError.invalid(List.of(new WixError.FieldViolation("paging.cursor", "is not a cursor of this listing", "FORMAT")));
		}
	}

}

package io.inboxsync.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inboxsync.reply.WixPublicKeys;
import io.inboxsync.web.ErrorBody;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox's own calls, not Wix's (no Wix sign-in): look at what the site holds, and
 * make Wix's own moves happen on demand, such as a conversation merge, so a client's
 * handling of them can be tried.
 */
@RestController
@ConditionalOnWixSandbox
@RequestMapping(SandboxPaths.ADMIN)
class SandboxAdminController {

	/** The person of the business a dashboard reply comes from, unless one is given. */
	static final String DASHBOARD_USER = "5e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

	private final SandboxState state;

	private final SandboxAppTokens appTokens;

	private final SandboxCallLog calls;

	private final SandboxRateLimitFilter rateLimit;

	private final SandboxWebhooks webhooks;

	private final ObjectMapper objectMapper;

	SandboxAdminController(SandboxState state, SandboxAppTokens appTokens, SandboxCallLog calls,
			SandboxRateLimitFilter rateLimit, SandboxWebhooks webhooks, ObjectMapper objectMapper) {
		this.state = state;
		this.appTokens = appTokens;
		this.calls = calls;
		this.rateLimit = rateLimit;
		this.webhooks = webhooks;
		this.objectMapper = objectMapper;
	}

	/**
	 * The Wix calls served, by call: all of them since the last reset, or only the recent
	 * ones whose body or query holds {@code match} (an email, a contact or conversation
	 * id). All of them come with those the rate limit refused, and the times of the first
	 * and the last call.
	 */
	@GetMapping("/calls")
	Map<String, Object> calls(@RequestParam(required = false) String match) {
		if (match != null) {
			Map<String, Long> counts = this.calls.matching(match);
			return Map.of("total", sum(counts), "byCall", counts);
		}
		Map<String, Object> calls = new LinkedHashMap<>();
		Map<String, Long> counts = this.calls.totals();
		calls.put("total", sum(counts));
		calls.put("byCall", counts);
		Map<String, Long> refused = this.calls.refusedTotals();
		calls.put("refusedForRateLimit", Map.of("total", sum(refused), "byCall", refused));
		calls.put("first", this.calls.first().map(Instant::toString).orElse(null));
		calls.put("last", this.calls.last().map(Instant::toString).orElse(null));
		return calls;
	}

	private static long sum(Map<String, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	@DeleteMapping("/calls")
	ResponseEntity<Void> clearCalls() {
		this.calls.clear();
		return ResponseEntity.noContent().build();
	}

	/** Contacts, and conversations with their messages, as JSON. */
	@GetMapping("/state")
	ObjectNode state() {
		ObjectNode snapshot = this.state.snapshot();
		snapshot.putObject("app").put("tokensIssued", this.appTokens.issued());
		return snapshot;
	}

	/**
	 * The messages of a contact's conversation, oldest first, as the site holds them: for
	 * a look at one conversation that spends none of the site's rate limit.
	 */
	@GetMapping("/contacts/{contactId}/messages")
	Map<String, Object> messagesOfContact(@PathVariable String contactId) {
		return Map.of("messages", this.state.messagesOfContact(contactId));
	}

	/**
	 * What Wix does when a participant moves from visitor to contact to member: the
	 * conversation gets a new id, its messages move along, and the old id answers 404.
	 * Answers like Wix's conversations-merged event.
	 */
	@PostMapping("/conversations/{conversationId}/merge")
	Map<String, Object> merge(@PathVariable String conversationId) {
		SandboxState.Conversation target = this.state.merge(conversationId)
			.orElseThrow(() -> WixError.application(404, "CONVERSATION_NOT_FOUND",
					"conversation " + conversationId + " not found"));
		this.webhooks.conversationsMerged(List.of(conversationId), target.id);
		return Map.of("oldConversationIds", List.of(conversationId), "targetConversationId", target.id);
	}

	/**
	 * A person of the business answers the contact in the dashboard: a message to the
	 * participant, sent by a Wix user, which Wix announces to the app
	 * (message_sent_to_participant). Body: {@code {"text": "…"}}, or Wix's
	 * {@code {"items": [{"text": …}, {"image": {"url": …}}]}}, and optionally the
	 * {@code wixUserId}.
	 */
	@PostMapping("/contacts/{contactId}/reply")
	ResponseEntity<?> reply(@PathVariable String contactId, @RequestBody JsonNode request) {
		if (this.state.contact(contactId).isEmpty()) {
			throw WixError.application(404, "CONTACT_NOT_FOUND", "contact " + contactId + " not found");
		}
		ArrayNode items = this.objectMapper.createArrayNode();
		if (request.path("items").isArray()) {
			items.addAll((ArrayNode) request.path("items"));
		}
		if (request.hasNonNull("text")) {
			items.addObject().put("text", request.path("text").asText());
		}
		if (items.isEmpty()) {
			return ResponseEntity.badRequest().body(ErrorBody.of(400, "give the reply's text or items"));
		}
		ObjectNode message = this.objectMapper.createObjectNode();
		message.put("direction", WixSandboxController.BUSINESS_TO_PARTICIPANT);
		message.put("visibility", "BUSINESS_AND_PARTICIPANT");
		ObjectNode content = message.putObject("content");
		content.put("previewText", items.get(0).path("text").asText("Attachment"));
		content.putObject("basic").set("items", items);
		ObjectNode sender = this.objectMapper.createObjectNode()
			.put("wixUserId", request.path("wixUserId").asText(DASHBOARD_USER));
		SandboxState.Conversation conversation = this.state.conversationOf(contactId);
		ObjectNode stored = this.state.addMessage(conversation, message, sender);
		this.webhooks.messageSentToParticipant(conversation.id, stored);
		return ResponseEntity.ok(Map.of("conversationId", conversation.id, "message", stored));
	}

	/**
	 * The sandbox app's webhooks: the public key they are signed with (what a Wix app's
	 * dashboard shows), the app id, where they go, and the latest deliveries.
	 */
	@GetMapping("/webhooks")
	Map<String, Object> webhooks() {
		return Map.of("publicKey", WixPublicKeys.pem(this.webhooks.webhookPublicKey()), "appId", this.webhooks.appId(),
				"target", this.webhooks.target(), "deliveries", this.webhooks.deliveries());
	}

	/**
	 * Sends the app's webhooks elsewhere from now on: {@code {"target": "https://…"}}.
	 */
	@PutMapping("/webhooks")
	Map<String, Object> webhooks(@RequestBody Map<String, String> request) {
		this.webhooks.target(request.get("target"));
		return webhooks();
	}

	/** The site's rate limit now: {@code {"requestsPerMinute": 200}}. */
	@GetMapping("/rate-limit")
	Map<String, Object> rateLimit() {
		return Map.of("requestsPerMinute", this.rateLimit.requestsPerMinute());
	}

	/**
	 * Limits the site to so many requests a minute from now on, without a restart, in
	 * fresh one-minute windows: {@code {"requestsPerMinute": 200}}.
	 */
	@PutMapping("/rate-limit")
	ResponseEntity<?> rateLimit(@RequestBody Map<String, Object> request) {
		if (!(request.get("requestsPerMinute") instanceof Integer requestsPerMinute) || requestsPerMinute < 1) {
			return ResponseEntity.badRequest()
				.body(ErrorBody.of(400, "requestsPerMinute must be a whole number of 1 or more"));
		}
		this.rateLimit.limitTo(requestsPerMinute);
		return ResponseEntity.ok(rateLimit());
	}

	/** How emails are matched now: {@code {"emailMatch": "CASE_SENSITIVE"}}. */
	@GetMapping("/email-match")
	Map<String, Object> emailMatch() {
		return Map.of("emailMatch", this.state.emailMatch());
	}

	/**
	 * Plays the other of Wix's possible behaviours from now on, without a restart:
	 * {@code {"emailMatch": "CASE_INSENSITIVE"}} (or {@code case-insensitive}).
	 */
	@PutMapping("/email-match")
	ResponseEntity<?> emailMatch(@RequestBody Map<String, String> request) {
		String wanted = String.valueOf(request.get("emailMatch")).trim().toUpperCase(Locale.ROOT).replace('-', '_');
		for (SandboxEmailMatch match : SandboxEmailMatch.values()) {
			if (match.name().equals(wanted)) {
				this.state.emailMatch(match);
				return ResponseEntity.ok(emailMatch());
			}
		}
		return ResponseEntity.badRequest()
			.body(ErrorBody.of(400, "emailMatch must be case-sensitive or case-insensitive"));
	}

	/**
	 * Every app token stops working, as after Wix revokes them: clients must fetch a new
	 * one.
	 */
	@PostMapping("/app-tokens/revoke")
	Map<String, Object> revokeAppTokens() {
		this.appTokens.revokeAll();
		return Map.of("revoked", true);
	}

	@ExceptionHandler(WixError.class)
	ResponseEntity<Map<String, Object>> wixError(WixError error) {
		return ResponseEntity.status(error.status()).body(error.body());
	}

}

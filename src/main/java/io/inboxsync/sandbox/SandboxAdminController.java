package io.inboxsync.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

	private final SandboxState state;

	private final SandboxAppTokens appTokens;

	private final SandboxCallLog calls;

	private final SandboxRateLimitFilter rateLimit;

	SandboxAdminController(SandboxState state, SandboxAppTokens appTokens, SandboxCallLog calls,
			SandboxRateLimitFilter rateLimit) {
		this.state = state;
		this.appTokens = appTokens;
		this.calls = calls;
		this.rateLimit = rateLimit;
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
		return Map.of("oldConversationIds", java.util.List.of(conversationId), "targetConversationId", target.id);
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

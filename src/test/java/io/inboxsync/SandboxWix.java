package io.inboxsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The embedded sandbox seen from outside, as a site owner would check it in Wix: plain
 * HTTP with the sandbox's credentials, independent of inbox-sync's own Wix client.
 */
public class SandboxWix {

	public static final String API_KEY = "sandbox-api-key";

	public static final String SITE_ID = "5a4db0c6-0000-4000-8000-5a4db0c65173";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RestClient http;

	SandboxWix(String baseUrl) {
		this.http = RestClient.builder()
			.baseUrl(baseUrl)
			.defaultHeader("Authorization", API_KEY)
			.defaultHeader("wix-site-id", SITE_ID)
			.build();
	}

	/** Any call; the answer whatever its status. */
	public Response call(String method, String path, Object body, Map<String, String> headers) {
		RestClient.RequestBodySpec request = this.http.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path);
		headers.forEach(request::header);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange((req, res) -> {
			byte[] bytes = res.getBody().readAllBytes();
			return new Response(res.getStatusCode(), (bytes.length > 0) ? JSON.readTree(bytes) : JSON.nullNode(),
					res.getHeaders().getFirst("X-Wix-Request-Id"));
		});
	}

	public Response post(String path, Object body) {
		return call("POST", path, body, Map.of());
	}

	public Response get(String path) {
		return call("GET", path, null, Map.of());
	}

	public String createContact(String email) {
		Map<String, Object> info = Map.of("emails", Map.of("items", List.of(Map.of("tag", "MAIN", "email", email))));
		return ok(post("/contacts/v4/contacts", Map.of("info", info))).path("contact").path("id").asText();
	}

	/**
	 * Another contact with an email a contact already has, as Wix allows when asked to
	 * (allowDuplicates).
	 */
	public String createAnotherContact(String email) {
		Map<String, Object> info = Map.of("emails", Map.of("items", List.of(Map.of("email", email))));
		return ok(post("/contacts/v4/contacts", Map.of("allowDuplicates", true, "info", info))).path("contact")
			.path("id")
			.asText();
	}

	public String createContactWithPhone(String phone, String countryCode) {
		Map<String, Object> info = Map.of("phones",
				Map.of("items", List.of(Map.of("tag", "MOBILE", "phone", phone, "countryCode", countryCode))));
		return ok(post("/contacts/v4/contacts", Map.of("info", info))).path("contact").path("id").asText();
	}

	/** The ids of the contacts that have this email, as Query Contacts finds them. */
	public List<String> contactIds(String email) {
		JsonNode response = ok(post("/contacts/v4/contacts/query",
				Map.of("query", Map.of("filter", Map.of("info.emails.email", Map.of("$eq", email))))));
		List<String> ids = new ArrayList<>();
		response.path("contacts").forEach((contact) -> ids.add(contact.path("id").asText()));
		return ids;
	}

	public String conversationOf(String contactId) {
		return ok(post("/inbox/v2/conversations", Map.of("participantId", Map.of("contactId", contactId))))
			.path("conversation")
			.path("id")
			.asText();
	}

	/**
	 * Every message of the contact's conversation, newest first, as List Messages returns
	 * them.
	 */
	public List<JsonNode> messages(String contactId) {
		JsonNode response = ok(get("/inbox/v2/messages?conversationId=" + conversationOf(contactId)
				+ "&visibility=BUSINESS&paging.limit=100"));
		List<JsonNode> messages = new ArrayList<>();
		response.path("messages").forEach(messages::add);
		return messages;
	}

	/**
	 * The texts of the contact's BASIC messages, oldest first: the order they reached the
	 * conversation. Read through the sandbox's admin view, so that a test watching a
	 * conversation spends none of the site's rate limit.
	 */
	public List<String> textsInOrder(String contactId) {
		List<String> texts = new ArrayList<>();
		ok(get("/_admin/contacts/" + contactId + "/messages")).path("messages")
			.forEach((message) -> texts
				.add(message.path("content").path("basic").path("items").path(0).path("text").asText()));
		return texts;
	}

	/**
	 * Injects a fault (the fields of the sandbox's fault: path, status, match, count, …);
	 * returns its id.
	 */
	public String fault(Map<String, Object> fault) {
		return ok(post("/_admin/faults", fault)).path("id").asText();
	}

	/** Makes the sandbox match emails case-sensitive or case-insensitive from now on. */
	public void emailMatch(String match) {
		Response response = call("PUT", "/_admin/email-match", Map.of("emailMatch", match), Map.of());
		if (response.status().value() != 200) {
			throw new IllegalStateException("The sandbox answered " + response.status() + ": " + response.body());
		}
	}

	public void clearFaults() {
		call("DELETE", "/_admin/faults", null, Map.of());
	}

	/** Limits the site to so many Wix calls a minute from now on, as Wix does. */
	public void limitRate(int requestsPerMinute) {
		ok(call("PUT", "/_admin/rate-limit", Map.of("requestsPerMinute", requestsPerMinute), Map.of()));
	}

	/**
	 * The calls served since the last reset: {@code total}, {@code byCall},
	 * {@code refusedForRateLimit}, and the times of the {@code first} and {@code last}.
	 */
	public JsonNode calls() {
		return ok(get("/_admin/calls"));
	}

	public void clearCalls() {
		call("DELETE", "/_admin/calls", null, Map.of());
	}

	private static JsonNode ok(Response response) {
		if (response.status().value() != 200) {
			throw new IllegalStateException("The sandbox answered " + response.status() + ": " + response.body());
		}
		return response.body();
	}

	public record Response(HttpStatusCode status, JsonNode body, String requestId) {
	}

}

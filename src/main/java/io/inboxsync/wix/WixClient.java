package io.inboxsync.wix;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every call inbox-sync makes to Wix, in the shapes of Wix's REST reference. Success is a
 * 200 with a JSON body; any other answer is a {@link WixApiException}, and no answer at
 * all is Spring's {@code ResourceAccessException}.
 */
@Component("wixClient")
public class WixClient {

	private static final Logger log = LoggerFactory.getLogger(WixClient.class);

	/** The calls' names in metrics ({@code operation}). */
	static final String QUERY_CONTACTS = "query-contacts";

	static final String CREATE_CONTACT = "create-contact";

	static final String GET_OR_CREATE_CONVERSATION = "get-or-create-conversation";

	static final String GET_CONVERSATION = "get-conversation";

	static final String SEND_MESSAGE = "send-message";

	static final String LIST_MESSAGES = "list-messages";

	/** The observation of each call to Wix, named by its method and path. */
	static final String CALL_OBSERVATION = "inbox-sync.wix.call";

	private final WixConnection connection;

	private final WixCallGuard guard;

	private final ObjectMapper objectMapper;

	private final RestClient http;

	private final ObservationRegistry observations;

	public WixClient(WixConnection connection, WixCallGuard guard, ObjectMapper objectMapper,
			InboxSyncProperties properties, ObservationRegistry observationRegistry) {
		this.connection = connection;
		this.guard = guard;
		this.objectMapper = objectMapper;
		HttpClient httpClient = HttpClient.newBuilder().connectTimeout(properties.wix().connectTimeout()).build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(properties.wix().readTimeout());
		this.observations = observationRegistry;
		this.http = RestClient.builder()
			.requestFactory(requestFactory)
			.observationRegistry(observationRegistry)
			.observationConvention(new WixHttpObservationConvention())
			.build();
	}

	/** One page of Query Contacts on one field, asking for ids only. */
	public ContactPage queryContacts(String field, String value, int offset, int limit) {
		return queryContacts(field, Map.of("$eq", value), offset, limit);
	}

	/**
	 * Query Contacts for the contacts whose field holds any of these values, in one call.
	 */
	public ContactPage queryContactsAnyOf(String field, List<String> values, int offset, int limit) {
		return queryContacts(field, Map.of("$in", values), offset, limit);
	}

	private ContactPage queryContacts(String field, Map<String, Object> condition, int offset, int limit) {
		Map<String, Object> query = Map.of("filter", Map.of(field, condition), "fields", List.of("id"), "paging",
				Map.of("limit", limit, "offset", offset));
		JsonNode response = call(QUERY_CONTACTS, HttpMethod.POST, "/contacts/v4/contacts/query",
				Map.of("query", query));
		List<String> ids = new ArrayList<>();
		response.path("contacts").forEach((contact) -> ids.add(contact.path("id").asText()));
		return new ContactPage(ids, response.path("pagingMetadata").path("total").asInt(ids.size()));
	}

	/**
	 * Create Contact without duplicates: when Wix says the email or phone is taken, the
	 * existing contact is the one we wanted, which makes "query, then create" safe
	 * against a race.
	 */
	public String createContact(InboxEvent.Customer customer) {
		Map<String, Object> info = new java.util.LinkedHashMap<>();
		if (customer.name() != null) {
			info.put("name", Map.of("first", customer.name()));
		}
		if (customer.email() != null) {
			info.put("emails", Map.of("items", List.of(Map.of("tag", "MAIN", "email", customer.email()))));
		}
		if (customer.phone() != null) {
			info.put("phones", Map.of("items", List.of(Map.of("tag", "MOBILE", "phone", customer.phone()))));
		}
		try {
			return call(CREATE_CONTACT, HttpMethod.POST, "/contacts/v4/contacts",
					Map.of("info", info, "allowDuplicates", false))
				.path("contact")
				.path("id")
				.asText();
		}
		catch (WixApiException ex) {
			String duplicate = ex.body()
				.path("details")
				.path("applicationError")
				.path("data")
				.path("duplicateContactId")
				.asText(null);
			if (ex.status() == 409 && duplicate != null) {
				return duplicate;
			}
			throw ex;
		}
	}

	/**
	 * Get or Create Conversation: the id of the contact's conversation, new or existing.
	 */
	public String getOrCreateConversation(String contactId) {
		return call(GET_OR_CREATE_CONVERSATION, HttpMethod.POST, "/inbox/v2/conversations",
				Map.of("participantId", Map.of("contactId", contactId)))
			.path("conversation")
			.path("id")
			.asText();
	}

	/**
	 * Get Conversation: the contact the conversation is with, or empty when Wix has no
	 * such conversation of this site (404, or not the business's) or its participant is
	 * not a contact (a visitor or a member).
	 */
	public Optional<String> contactOfConversation(String conversationId) {
		try {
			return Optional.ofNullable(call(GET_CONVERSATION, HttpMethod.GET,
					UriComponentsBuilder.fromPath("/inbox/v2/conversations/{id}").build(conversationId).toString(),
					null)
				.path("conversation")
				.path("participant")
				.path("contactId")
				.textValue());
		}
		catch (WixApiException ex) {
			if (ex.status() == 403 || ex.status() == 404) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/** Send Message: the message as Wix stored it. */
	public JsonNode sendMessage(String conversationId, InboxEvent.Message message) {
		JsonNode sent = call(SEND_MESSAGE, HttpMethod.POST, "/inbox/v2/messages",
				SendMessageRequests.of(conversationId, message));
		return sent.path("message");
	}

	/** A MINIMAL line's text as Send Message sends it. */
	public static String minimalText(String text) {
		return SendMessageRequests.minimalText(text);
	}

	/** List Messages, newest first; {@code BUSINESS} visibility lists them all. */
	public JsonNode listMessages(String conversationId, String visibility, int limit, String cursor) {
		UriComponentsBuilder path = UriComponentsBuilder.fromPath("/inbox/v2/messages")
			.queryParam("conversationId", conversationId)
			.queryParam("visibility", visibility)
			.queryParam("paging.limit", limit);
		if (cursor != null) {
			path.queryParam("paging.cursor", cursor);
		}
		return call(LIST_MESSAGES, HttpMethod.GET, path.encode().build().toUriString(), null);
	}

	/**
	 * One call; after a 401, once more if the sign-in could be renewed (a Wix app's new
	 * token).
	 */
	JsonNode call(String operation, HttpMethod method, String path, Object body) {
		AtomicReference<Map<String, String>> signedWith = new AtomicReference<>();
		try {
			return callOnce(operation, method, path, body, signedWith);
		}
		catch (WixApiException ex) {
			Map<String, String> rejected = signedWith.get();
			if (ex.status() == 401 && rejected != null && this.connection.auth().renewAfterUnauthorized(rejected)) {
				return callOnce(operation, method, path, body, new AtomicReference<>());
			}
			throw ex;
		}
	}

	/**
	 * One call, within the guard's turn (a token fetched for it too, so that a paused or
	 * failing Wix is not asked for one); {@code signedWith} gets the sign-in it carried.
	 */
	private JsonNode callOnce(String operation, HttpMethod method, String path, Object body,
			AtomicReference<Map<String, String>> signedWith) {
		return this.guard.call(operation, () -> send(method, path, body, signedWith));
	}

	private JsonNode send(HttpMethod method, String path, Object body,
			AtomicReference<Map<String, String>> signedWith) {
		String call = method + " " + ((path.indexOf('?') >= 0) ? path.substring(0, path.indexOf('?')) : path);
		RestClient.RequestBodySpec request = this.http.method(method)
			.uri(URI.create(this.connection.baseUrl() + path))
			.accept(MediaType.APPLICATION_JSON);
		Map<String, String> signIn = this.connection.auth().headers();
		signedWith.set(signIn);
		signIn.forEach(request::header);
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		// The call is observed, so it is a span of the event's trace (README, "Tracing").
		// Spring's HTTP client span
		// joins only a trace an observation holds, not the stage's own span: this one is
		// that observation.
		return Observation.createNotStarted(CALL_OBSERVATION, this.observations)
			.contextualName(call)
			.lowCardinalityKeyValue("call", call)
			.observe(() -> exchange(request, call));
	}

	/**
	 * Puts a file's bytes to an upload URL Wix generated: a URL of Wix's upload service,
	 * not of its API, signed by a token in it, so the call carries no sign-in, and its
	 * name (in metrics, traces and errors) leaves the URL out.
	 */
	JsonNode upload(String operation, URI uploadUrl, String mimeType, Path file) {
		String call = "PUT <upload URL>";
		return this.guard.call(operation, () -> {
			RestClient.RequestBodySpec request = this.http.method(HttpMethod.PUT)
				.uri(uploadUrl)
				.accept(MediaType.APPLICATION_JSON)
				.contentType(MediaType.parseMediaType(mimeType))
				.body(new FileSystemResource(file));
			return Observation.createNotStarted(CALL_OBSERVATION, this.observations)
				.contextualName(call)
				.lowCardinalityKeyValue("call", call)
				.observe(() -> exchange(request, call));
		});
	}

	private JsonNode exchange(RestClient.RequestBodySpec request, String call) {
		return request.exchange((req, response) -> {
			JsonNode json = readJson(response.getBody().readAllBytes());
			int status = response.getStatusCode().value();
			if (status != 200) {
				throw new WixApiException(call, status, json, response.getHeaders().getFirst("Retry-After"),
						response.getHeaders().getFirst("X-Wix-Request-Id"));
			}
			log.debug("{} answered 200", call);
			return json;
		});
	}

	private JsonNode readJson(byte[] body) {
		if (body.length == 0) {
			return MissingNode.getInstance();
		}
		try {
			return this.objectMapper.readTree(body);
		}
		catch (IOException ex) {
			return MissingNode.getInstance();
		}
	}

	/** One page of contact ids and how many match in all. */
	public record ContactPage(List<String> ids, int total) {
	}

}

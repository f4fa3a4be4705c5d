package io.inboxsync;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * inbox-sync's own HTTP surface: the webhook sources and the operator API, answers taken
 * as they come.
 */
public class Api {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RestClient http;

	private final Map<String, String> operator;

	Api(String baseUrl, String operatorToken) {
		this.http = RestClient.builder().baseUrl(baseUrl).build();
		this.operator = Map.of("Authorization", "Bearer " + operatorToken);
	}

	public Reply postWebhook(String source, String contentType, String body) {
		return send(HttpMethod.POST, "/webhooks/" + source, contentType, body, Map.of());
	}

	public Reply postJson(String source, Object payload) {
		try {
			return postWebhook(source, "application/json", JSON.writeValueAsString(payload));
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public Reply send(HttpMethod method, String path, String contentType, String body, Map<String, String> headers) {
		RestClient.RequestBodySpec request = this.http.method(method).uri(path);
		headers.forEach(request::header);
		if (contentType != null) {
			request.header(HttpHeaders.CONTENT_TYPE, contentType);
		}
		if (body != null) {
			request.body(body);
		}
		return request.exchange((req, res) -> {
			String text = new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			return new Reply(res.getStatusCode().value(), text, res.getHeaders());
		});
	}

	/** GET on the operator API, signed in. */
	public JsonNode deadLetters(String query) {
		return send(HttpMethod.GET, "/api/dead-letters" + query, null, null, this.operator).json();
	}

	/**
	 * The dry run of a source file not yet live: the file and a sample payload as
	 * multipart parts, signed in; answers the event the sample becomes, why it is
	 * ignored, or why the file or the sample is refused.
	 */
	public Reply dryRunFile(String fileName, String file, String payloadType, String payload) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		HttpHeaders fileHeaders = new HttpHeaders();
		fileHeaders.setContentDispositionFormData("source", fileName);
		parts.add("source", new HttpEntity<>(file, fileHeaders));
		HttpHeaders payloadHeaders = new HttpHeaders();
		payloadHeaders.setContentDispositionFormData("payload", "sample");
		payloadHeaders.setContentType(MediaType.parseMediaType(payloadType));
		parts.add("payload", new HttpEntity<>(payload, payloadHeaders));
		RestClient.RequestBodySpec request = this.http.post().uri("/api/sources/dry-run");
		this.operator.forEach(request::header);
		return request.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(parts)
			.exchange((req, res) -> new Reply(res.getStatusCode().value(),
					new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
					res.getHeaders()));
	}

	/** Any call to the operator API, signed in. */
	public Reply operator(HttpMethod method, String path) {
		return send(method, path, null, null, this.operator);
	}

	public record Reply(int status, String body, HttpHeaders headers) {

		public JsonNode json() {
			try {
				return JSON.readTree(this.body);
			}
			catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
				throw new AssertionError("not JSON: " + this.body, ex);
			}
		}

	}

}

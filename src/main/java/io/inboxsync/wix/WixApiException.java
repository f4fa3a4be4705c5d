package io.inboxsync.wix;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.delivery.RemoteFailure;

/**
 * Wix answered a call with an error status. The message says what Wix said, in the words
 * an operator needs: the status, the application error code or each field violation.
 */
public class WixApiException extends RuntimeException implements RemoteFailure {

	private final int status;

	private final JsonNode body;

	private final String retryAfter;

	public WixApiException(String call, int status, JsonNode body, String retryAfter, String requestId) {
		super(describe(call, status, body, requestId));
		this.status = status;
		this.body = body;
		this.retryAfter = retryAfter;
	}

	@Override
	public int status() {
		return this.status;
	}

	public JsonNode body() {
		return this.body;
	}

	/** The {@code Retry-After} header as Wix sent it, or {@code null}. */
	@Override
	public String retryAfter() {
		return this.retryAfter;
	}

	private static String describe(String call, int status, JsonNode body, String requestId) {
		List<String> details = new ArrayList<>();
		JsonNode application = body.path("details").path("applicationError");
		if (application.isObject()) {
			details.add(application.path("code").asText() + ": " + application.path("description").asText());
		}
		for (JsonNode violation : body.path("details").path("validationError").path("fieldViolations")) {
			details.add(violation.path("field").asText() + " " + violation.path("description").asText() + " ("
					+ violation.path("violatedRule").asText() + ")");
		}
		if (details.isEmpty() && !body.path("message").asText().isEmpty()) {
			details.add(body.path("message").asText());
		}
		return "Wix answered " + status + " to " + call + (details.isEmpty() ? "" : ": " + String.join("; ", details))
				+ ((requestId != null) ? " [X-Wix-Request-Id " + requestId + "]" : "");
	}

}

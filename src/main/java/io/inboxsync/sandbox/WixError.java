package io.inboxsync.sandbox;

import java.util.List;
import java.util.Map;

/**
 * An error the sandbox answers in Wix's shapes: {@code {message, details:
 * {applicationError | validationError}}}, and for 5xx the empty body Wix sends by design.
 */
class WixError extends RuntimeException {

	private final int status;

	private final Map<String, Object> body;

	private WixError(int status, String message, Map<String, Object> body) {
		super(message);
		this.status = status;
		this.body = body;
	}

	int status() {
		return this.status;
	}

	Map<String, Object> body() {
		return this.body;
	}

	static WixError application(int status, String code, String description, Map<String, Object> data) {
		return new WixError(status, description, Map.of("message", description, "details",
				Map.of("applicationError", Map.of("code", code, "description", description, "data", data))));
	}

	static WixError application(int status, String code, String description) {
		return application(status, code, description, Map.of());
	}

	static WixError invalid(List<WixContract.Violation> violations) {
		return new WixError(400, "INVALID_ARGUMENT", Map.of("message", "INVALID_ARGUMENT", "details",
				Map.of("validationError", Map.of("fieldViolations", violations))));
	}

	/** A path or method Wix does not serve. */
	static WixError unknownCall(String call) {
		return new WixError(404, call, Map.of("message", "no such Wix call: " + call, "details", Map.of()));
	}

	static WixError server(int status) {
		return new WixError(status, "", Map.of("message", "", "details", Map.of()));
	}

	/**
	 * The error Wix answers with a given status, for faults injected into the sandbox.
	 */
	static WixError forStatus(int status, String description) {
		return switch (status) {
			case 400 -> invalid(List.of(new WixContract.Violation("", description, "OTHER")));
			case 401 -> application(401, "UNAUTHENTICATED", description);
			case 403 -> application(403, "PERMISSION_DENIED", description);
			case 404 -> application(404, "NOT_FOUND", description);
			case 409 -> application(409, "ALREADY_EXISTS", description);
			case 428 -> application(428, "FAILED_PRECONDITION", description);
			case 429 -> application(429, "RESOURCE_EXHAUSTED", description);
			default -> (status >= 500) ? server(status) : application(status, "UNKNOWN", description);
		};
	}

}

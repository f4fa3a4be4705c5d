package io.inboxsync.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The body of every error inbox-sync's own HTTP endpoints answer: {@code {"status": 415,
 * "error": "Unsupported Media Type", "reason": "…"}}. Never a stack trace.
 */
public record ErrorBody(int status, String error, String reason) {

	public static ErrorBody of(int status, String reason) {
		HttpStatus known = HttpStatus.resolve(status);
		return new ErrorBody(status, (known != null) ? known.getReasonPhrase() : "Error", reason);
	}

	/**
	 * An error whose cause only the container or Spring knows (a malformed request, a
	 * path nothing serves): a reason of our own for its status, since theirs may quote
	 * the request or name Java classes.
	 */
	public static ErrorBody of(int status) {
		return of(status, switch (status) {
			case 400 -> "the request is not valid (its request line, path, a header or a parameter)";
			case 404 -> "nothing is served at this path";
			case 405 -> "this method is not allowed at this path";
			case 408 -> "the request did not arrive in time";
			case 413 -> "the request is too large";
			case 415 -> "this content type is not accepted";
			case 503 -> "the service cannot answer right now; retry later";
			default -> (status < 500) ? "the request was refused" : "the request failed on our side";
		});
	}

	/**
	 * Answers a servlet response with this error, for the filters that answer before
	 * Spring MVC does.
	 */
	public void writeTo(HttpServletResponse response, ObjectMapper objectMapper) throws IOException {
		response.setStatus(this.status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		objectMapper.writeValue(response.getOutputStream(), this);
	}

}

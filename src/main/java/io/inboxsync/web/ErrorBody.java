package io.inboxsync.web;

import org.springframework.http.HttpStatus;

/**
 * The body of every error inbox-sync's own HTTP endpoints answer: {@code {"status": 415, "error": "Unsupported Media
 * Type", "reason": "…"}}. Never a stack trace.
 */
public record ErrorBody(int status, String error, String reason) {

	public static ErrorBody of(int status, String reason) {
		HttpStatus known = HttpStatus.resolve(status);
		return new ErrorBody(status, (known != null) ? known.getReasonPhrase() : "Error", reason);
	}

}

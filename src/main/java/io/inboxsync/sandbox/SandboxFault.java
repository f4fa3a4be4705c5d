package io.inboxsync.sandbox;

import java.util.Locale;

/**
 * A failure the sandbox plays instead of (or after) answering a Wix call, to rehearse an
 * outage.
 *
 * @param id set by the sandbox
 * @param method the HTTP method it applies to, or {@code null} for any
 * @param path the Wix path it applies to, such as {@code /inbox/v2/messages}, or
 * {@code *} for all
 * @param status the status to answer with Wix's error body; 0 to answer normally (latency
 * only)
 * @param retryAfterSeconds a {@code Retry-After} header to send, or {@code null}
 * @param rate the fraction of matching calls that fail, 0 to 1 (default 1)
 * @param count how many calls fail before the fault retires itself, or {@code null} for
 * no limit
 * @param latencyMillis time added before answering
 * @param hang never answer (until the fault is cleared): the caller times out
 * @param afterHandling let Wix do the work, then lose its answer: the ambiguous failure
 * of a real outage
 * @param match only calls whose body or query string holds this text (an email, a message
 * text), or {@code null}
 */
public record SandboxFault(String id, String method, String path, int status, Integer retryAfterSeconds, Double rate,
		Integer count, long latencyMillis, boolean hang, boolean afterHandling, String match) {

	boolean appliesTo(String requestMethod, String wixPath, String bodyAndQuery) {
		boolean methodMatches = this.method == null || this.method.toUpperCase(Locale.ROOT).equals(requestMethod);
		boolean pathMatches = this.path == null || "*".equals(this.path) || wixPath.startsWith(this.path);
		boolean contentMatches = this.match == null || bodyAndQuery.contains(this.match);
		return methodMatches && pathMatches && contentMatches;
	}

	double effectiveRate() {
		return (this.rate != null) ? this.rate : 1.0;
	}

	SandboxFault withId(String newId) {
		return new SandboxFault(newId, this.method, this.path, this.status, this.retryAfterSeconds, this.rate,
				this.count, this.latencyMillis, this.hang, this.afterHandling, this.match);
	}

}

package io.inboxsync.delivery;

/**
 * A call to another service (Wix, a reply channel) that failed with an answer or without
 * one: what the retries decide on, whichever service it was.
 */
public interface RemoteFailure {

	/** The HTTP status of the answer, or 0 when none came. */
	int status();

	/** The answer's {@code Retry-After}, or {@code null}. */
	String retryAfter();

	/** Whether the call may succeed later: "not now" (429) or the service's own fault. */
	default boolean retryable() {
		return status() == 429 || status() >= 500;
	}

}

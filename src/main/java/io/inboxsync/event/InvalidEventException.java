package io.inboxsync.event;

/**
 * An event that can never be delivered as it is: malformed, or missing what Wix needs.
 * Never retried; a webhook answers it with a 4xx, a queued event becomes a dead letter
 * with this message as its reason.
 */
public class InvalidEventException extends RuntimeException {

	private final int httpStatus;

	public InvalidEventException(String reason) {
		this(400, reason);
	}

	public InvalidEventException(int httpStatus, String reason) {
		super(reason);
		this.httpStatus = httpStatus;
	}

	public int httpStatus() {
		return this.httpStatus;
	}

}

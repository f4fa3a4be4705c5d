package io.inboxsync.delivery;

/**
 * A failed call to a service other than Wix (a reply channel, a channel's media), as an
 * exception: its status, {@code Retry-After} and whether it may succeed later, decided
 * where the call was made.
 */
public abstract class RemoteCallException extends RuntimeException implements RemoteFailure {

	private final int status;

	private final String retryAfter;

	private final boolean retryable;

	protected RemoteCallException(String reason, int status, String retryAfter, boolean retryable) {
		super(reason);
		this.status = status;
		this.retryAfter = retryAfter;
		this.retryable = retryable;
	}

	@Override
	public final int status() {
		return this.status;
	}

	@Override
	public final String retryAfter() {
		return this.retryAfter;
	}

	@Override
	public final boolean retryable() {
		return this.retryable;
	}

}

package io.inboxsync.reply;

import io.inboxsync.delivery.RemoteCallException;

/**
 * A channel refused a reply or could not be reached. Its 429 and 5xx, and no answer at
 * all, may succeed later; any other answer will not.
 */
public class ChannelException extends RemoteCallException {

	private ChannelException(String reason, int status, String retryAfter, boolean retryable) {
		super(reason, status, retryAfter, retryable);
	}

	/** The channel answered with an error status. */
	public static ChannelException answered(String sink, int status, String detail, String retryAfter) {
		return new ChannelException(
				"reply sink " + sink + ": the channel answered " + status
						+ ((detail != null && !detail.isBlank()) ? ": " + detail : ""),
				status, retryAfter, status == 429 || status >= 500);
	}

	/** The channel was not reached, or did not answer in time. */
	public static ChannelException unreachable(String sink, String why) {
		return new ChannelException("reply sink " + sink + ": the channel could not be reached (" + why + ")", 0, null,
				true);
	}

	/** The reply cannot go there as it is, or the sink is not set up: never retried. */
	public static ChannelException refused(String reason) {
		return new ChannelException(reason, 0, null, false);
	}

}

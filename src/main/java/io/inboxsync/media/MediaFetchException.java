package io.inboxsync.media;

import io.inboxsync.delivery.RemoteCallException;

/**
 * A channel's media could not be fetched. Its 429 and 5xx, and no answer at all, may
 * succeed later; any other answer (an expired media id), or a setting missing, will not.
 */
public class MediaFetchException extends RemoteCallException {

	private MediaFetchException(String reason, int status, String retryAfter, boolean retryable) {
		super(reason, status, retryAfter, retryable);
	}

	/** The channel answered with an error status. */
	static MediaFetchException answered(String what, int status, String retryAfter) {
		return new MediaFetchException(what + ": the channel answered " + status, status, retryAfter,
				status == 429 || status >= 500);
	}

	/** The channel was not reached, or did not answer in time. */
	static MediaFetchException unreachable(String what, String why) {
		return new MediaFetchException(what + ": the channel could not be reached (" + why + ")", 0, null, true);
	}

	/** The media cannot be fetched as things are: never retried. */
	static MediaFetchException refused(String reason) {
		return new MediaFetchException(reason, 0, null, false);
	}

}

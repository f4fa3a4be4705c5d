package io.inboxsync.media;

/**
 * A customer's media could not be put into the site's media, so the message cannot go to
 * Wix with it: never retried as it is, it becomes a dead letter saying why.
 */
public class MediaNotImportedException extends RuntimeException {

	public MediaNotImportedException(String reason) {
		super(reason);
	}

}

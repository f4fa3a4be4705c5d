package io.inboxsync.wix;

/**
 * No Wix contact has the event's email or phone, and the policy says to keep it as a dead
 * letter.
 */
public class NoContactException extends RuntimeException {

	public NoContactException(String reason) {
		super(reason);
	}

}

package io.inboxsync.wix;

/**
 * Wix was not called: our own pace allowed no call in time, or Wix failed so often lately
 * that calls are paused. Always worth retrying later, and never ambiguous, since nothing
 * was sent.
 */
public class WixUnavailableException extends RuntimeException {

	public WixUnavailableException(String reason, Throwable cause) {
		super(reason, cause);
	}

}

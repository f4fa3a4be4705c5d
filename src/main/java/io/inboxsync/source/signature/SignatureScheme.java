package io.inboxsync.source.signature;

/**
 * How a sender signs its webhooks, with the keys to check them: built once when a source
 * loads, applied to every request. Implementations are immutable and thread-safe.
 */
public interface SignatureScheme {

	/**
	 * @throws io.inboxsync.event.InvalidEventException a 401 whose reason names the check
	 * that failed, never the expected value
	 */
	void verify(SignedRequest request);

}

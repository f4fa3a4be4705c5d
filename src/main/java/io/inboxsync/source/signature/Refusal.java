package io.inboxsync.source.signature;

import io.inboxsync.event.InvalidEventException;

/**
 * A 401 naming the check that failed. Its reason never holds an expected value, a secret
 * or what the caller sent.
 */
final class Refusal {

	private Refusal() {
	}

	static InvalidEventException of(String reason) {
		return new InvalidEventException(401, reason);
	}

}

package io.inboxsync.event;

/**
 * A payload its source does not take ({@code acceptWhen}): acknowledged to the sender,
 * counted, and neither queued nor kept as a dead letter, so a provider that posts every
 * type of event to one URL does not retry the others.
 */
public class IgnoredEventException extends RuntimeException {

	public IgnoredEventException(String reason) {
		super(reason, null, false, false);
	}

}

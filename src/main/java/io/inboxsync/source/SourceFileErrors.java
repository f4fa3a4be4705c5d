package io.inboxsync.source;

/**
 * Says why Camel could not start a source's route, in the innermost words (not Camel's
 * stack of wrappers).
 */
final class SourceFileErrors {

	private SourceFileErrors() {
	}

	static String reason(Throwable failure) {
		Throwable innermost = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				innermost = cause;
			}
		}
		return (innermost.getMessage() != null) ? innermost.getMessage() : "the route could not start";
	}

}

package io.inboxsync.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToCreateRouteFromTemplateException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Says why a source file did not load, in the words an integration engineer can act on: the file, the line, and the
 * innermost reason (not Camel's stack of wrappers).
 */
final class SourceFileErrors {

	private SourceFileErrors() {
	}

	/** {@code sms.yaml line 12: Unknown template parameter …}, or without a line when none is known. */
	static String describe(Path file, String content, Throwable failure) {
		return file.getFileName() + lineOf(content, failure).map((line) -> " line " + line).orElse("") + ": "
				+ reason(failure);
	}

	/** The YAML parser's mark if there is one; else the line that names the route Camel could not create. */
	private static Optional<Integer> lineOf(String content, Throwable failure) {
		List<String> lines = content.lines().toList();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MarkedYamlEngineException marked) {
				var mark = marked.getProblemMark().or(marked::getContextMark);
				if (mark.isPresent()) {
					return Optional.of(mark.get().getLine() + 1);
				}
			}
		}
		String routeId = routeId(failure);
		if (routeId != null) {
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).matches("\\s*-?\\s*routeId:\\s*[\"']?" + Pattern.quote(routeId)
						+ "[\"']?\\s*")) {
					return Optional.of(i + 1);
				}
			}
		}
		// A route Camel named itself: the file's only templatedRoute, if it has just one.
		List<Integer> templatedRoutes = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).matches("\\s*-\\s*templatedRoute:\\s*")) {
				templatedRoutes.add(i + 1);
			}
		}
		return (routeId != null && templatedRoutes.size() == 1) ? Optional.of(templatedRoutes.get(0)) : Optional.empty();
	}

	private static String routeId(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof FailedToCreateRouteFromTemplateException template) {
				return template.getRouteId();
			}
			if (cause instanceof FailedToCreateRouteException route) {
				return route.getRouteId();
			}
			if (cause instanceof SourceCheck.SourceCheckException check) {
				return check.routeId();
			}
		}
		return null;
	}

	/** The innermost message, which is the specific one; the YAML parser's without its file snippet. */
	private static String reason(Throwable failure) {
		if (failure instanceof SourceCheck.SourceCheckException) {
			return failure.getMessage();
		}
		Throwable innermost = failure;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				innermost = cause;
			}
		}
		if (innermost instanceof MarkedYamlEngineException marked && marked.getProblem() != null) {
			return marked.getProblem() + ((marked.getContext() != null) ? " (" + marked.getContext() + ")" : "");
		}
		return (innermost.getMessage() != null) ? innermost.getMessage() : innermost.getClass().getSimpleName();
	}

}

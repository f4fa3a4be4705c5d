package io.inboxsync.source;

import java.util.Map;

/**
 * One {@code templatedRoute} of a source file, as written: which template, which route
 * id, which parameters, and the lines they are on, so that whatever is wrong with them is
 * reported where it is.
 *
 * @param routeId {@code null} when the file gives none
 * @param routeIdLine the line of the routeId, or of the entry when it has none
 * @param line the line of the entry
 */
record SourceDeclaration(String template, String routeId, int routeIdLine, Map<String, Parameter> parameters,
		int line) {

	/**
	 * A parameter's value as the file writes it (placeholders not resolved), and the line
	 * it starts on.
	 */
	record Parameter(String value, int line) {
	}

	/** The line of a parameter, or of the entry when the parameter is not given. */
	int lineOf(String parameter) {
		Parameter given = this.parameters.get(parameter);
		return (given != null) ? given.line() : this.line;
	}

}

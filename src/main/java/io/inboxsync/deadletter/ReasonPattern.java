package io.inboxsync.deadletter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dead letter's reason with what differs from one event to the next (masked emails and
 * phones, ids, numbers, quoted values) replaced by placeholders, so that a thousand
 * reasons of one cause count as one pattern. Wix's HTTP statuses stay: they tell causes
 * apart.
 *
 * @param pattern the reason with placeholders
 * @param filter the longest text of the reason that every reason of the pattern contains,
 * for the list's reason filter
 */
public record ReasonPattern(String pattern, String filter) {

	private static final int MAX_LENGTH = 160;

	private static final Pattern STATUS = Pattern.compile("(answered|status) (\\d{3})\\b");

	private static final Pattern[] VARIABLE = { Pattern.compile("\"[^\"]*\"|'[^']*'"),
			Pattern.compile("\\S\\*\\*\\*@\\S+|\\*\\*\\*\\d*"), Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+"),
			Pattern.compile("\\b[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\\b"),
			Pattern.compile("\\b(?=[\\w-]*\\d)[\\w-]{12,}\\b"), Pattern.compile("\\b\\d+\\b") };

	private static final String[] PLACEHOLDER = { "\"…\"", "<customer>", "<customer>", "<id>", "<id>", "<n>" };

	private static final String KEPT_STATUS = "\u0000";

	public static ReasonPattern of(String reason) {
		if (reason == null || reason.isBlank()) {
			return new ReasonPattern("(no reason)", null);
		}
		String text = reason.strip();
		// Wix's statuses are kept apart from the numbers replaced below.
		Matcher statuses = STATUS.matcher(text);
		text = statuses.replaceAll((match) -> match.group(1) + " " + KEPT_STATUS + match.group(2) + KEPT_STATUS);
		for (int i = 0; i < VARIABLE.length; i++) {
			text = replaceOutsideKept(text, VARIABLE[i], PLACEHOLDER[i]);
		}
		String pattern = text.replace(KEPT_STATUS, "");
		if (pattern.length() > MAX_LENGTH) {
			pattern = pattern.substring(0, MAX_LENGTH - 1) + "…";
		}
		return new ReasonPattern(pattern, longestLiteral(pattern));
	}

	private static String replaceOutsideKept(String text, Pattern variable, String placeholder) {
		StringBuilder result = new StringBuilder();
		String[] parts = text.split(KEPT_STATUS, -1);
		for (int i = 0; i < parts.length; i++) {
			if (i % 2 == 1) {
				result.append(KEPT_STATUS).append(parts[i]).append(KEPT_STATUS);
			}
			else {
				result.append(variable.matcher(parts[i]).replaceAll(Matcher.quoteReplacement(placeholder)));
			}
		}
		return result.toString();
	}

	/** The longest run of the pattern without a placeholder, trimmed. */
	private static String longestLiteral(String pattern) {
		String longest = "";
		for (String literal : pattern.split("\"…\"|<customer>|<id>|<n>|…")) {
			String trimmed = literal.strip();
			if (trimmed.length() > longest.length()) {
				longest = trimmed;
			}
		}
		return longest.isEmpty() ? null : longest;
	}

}

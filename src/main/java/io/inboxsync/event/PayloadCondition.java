package io.inboxsync.event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on the payload, such as a source's {@code acceptWhen}: one or more tests
 * joined by {@code and}, each
 * <ul>
 * <li>{@code $.path}: the field is there and neither {@code false} nor empty;</li>
 * <li>{@code $.path == 'value'} or {@code $.path != 'value'} (a quoted text, a number,
 * {@code true}, {@code false} or {@code null});</li>
 * <li>{@code $.path in ['a', 'b']}.</li>
 * </ul>
 * Like a mapping, it reads the payload and nothing else.
 */
public final class PayloadCondition {

	private static final Pattern TEST = Pattern.compile("(\\$.*?)\\s*(?:(==|!=)\\s*(.+)|\\s+in\\s+\\[(.*)])?");

	/** Tests are joined by the word and, outside quotes and brackets. */
	private static final Pattern AND = Pattern.compile("\\s+and\\s+");

	private final String text;

	private final List<Test> tests;

	private PayloadCondition(String text, List<Test> tests) {
		this.text = text;
		this.tests = tests;
	}

	/**
	 * @throws IllegalArgumentException saying what part cannot be read
	 */
	public static PayloadCondition parse(String text) {
		List<Test> tests = new ArrayList<>();
		for (String part : Formatting.splitOutsideQuotes(text.trim(), AND)) {
			Matcher test = TEST.matcher(part.trim());
			if (!test.matches()
					|| (test.group(2) == null && test.group(4) == null && test.group(1).matches(".*\\s.*"))) {
				throw new IllegalArgumentException(
						"'" + part.trim() + "' is not a test: write $.field, $.field == 'value', "
								+ "$.field != 'value' or $.field in ['a', 'b'], joined by and");
			}
			MappingExpression.Path path = MappingExpression.path(test.group(1).trim());
			if (test.group(2) != null) {
				tests.add(new Test(path, test.group(2), Collections.singletonList(literal(test.group(3).trim()))));
			}
			else if (test.group(4) != null) {
				List<Object> values = new ArrayList<>();
				for (String value : Formatting.splitOutsideQuotes(test.group(4), ',')) {
					values.add(literal(value.trim()));
				}
				tests.add(new Test(path, "in", Collections.unmodifiableList(values)));
			}
			else {
				tests.add(new Test(path, "present", List.of()));
			}
		}
		return new PayloadCondition(text.trim(), Collections.unmodifiableList(tests));
	}

	/**
	 * {@code null} when the payload meets the condition, else the first test it fails,
	 * saying what was found.
	 */
	public String unmetBy(Object payload) {
		for (Test test : this.tests) {
			Object value = test.path().evaluate(payload);
			if (value instanceof Collection<?> values) {
				value = values.isEmpty() ? null : values.iterator().next();
			}
			if (!test.holds(value)) {
				return test.describe() + " is not true"
						+ ((value == null || value instanceof Map<?, ?> || value instanceof Collection<?>)
								? " (no value)" : " (" + test.path().text() + " is '" + value + "')");
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return this.text;
	}

	private static Object literal(String text) {
		if (text.length() >= 2
				&& (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
			return text.substring(1, text.length() - 1);
		}
		if (text.equals("null")) {
			return null;
		}
		if (text.equals("true") || text.equals("false") || text.matches("-?[0-9]+(\\.[0-9]+)?")) {
			return text;
		}
		throw new IllegalArgumentException(
				"'" + text + "' is not a value: quote a text ('value'), or write a number, true, false or null");
	}

	private record Test(MappingExpression.Path path, String operator, List<Object> values) {

		boolean holds(Object value) {
			return switch (this.operator) {
				case "present" -> value != null && !Boolean.FALSE.equals(value) && !value.toString().isEmpty();
				case "==" -> same(value, this.values.get(0));
				case "!=" -> !same(value, this.values.get(0));
				default -> this.values.stream().anyMatch((expected) -> same(value, expected));
			};
		}

		private static boolean same(Object value, Object expected) {
			if (value == null || expected == null) {
				return value == expected;
			}
			return Objects.equals(value.toString(), expected.toString());
		}

		String describe() {
			return switch (this.operator) {
				case "present" -> this.path.text();
				case "in" -> this.path.text() + " in " + this.values.stream().map(Test::quoted).toList();
				default -> this.path.text() + " " + this.operator + " " + quoted(this.values.get(0));
			};
		}

		private static String quoted(Object value) {
			return (value instanceof String text && !text.matches("-?[0-9.]+|true|false")) ? "'" + text + "'"
					: String.valueOf(value);
		}

	}

}

package io.inboxsync.event;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions a template may apply to a payload field, and nothing else: no method
 * calls, nothing beyond the payload. Each is written {@code | name} or
 * {@code | name: argument, argument}; an argument is a quoted text, a number or a
 * JSONPath on the payload.
 * <ul>
 * <li>{@code money: <currency>[, 'symbol'|'code']}: an amount in minor units with the
 * currency's ISO 4217 exponent, {@code 12000} USD is {@code 120.00 USD} (or
 * {@code $120.00}), {@code 500} JPY {@code ¥500}, {@code 1000} KWD
 * {@code 1.000 KWD};</li>
 * <li>{@code amount: <currency>[, 'symbol'|'code']}: the same for an amount already in
 * major units, {@code "403.00"} USD is {@code 403.00 USD};</li>
 * <li>{@code time: '<pattern>'[, '<time zone>']}: an ISO-8601 time or epoch seconds or
 * milliseconds, in the source's {@code timeZone} (or the one given),
 * {@code 'EEE d MMM, HH:mm'} is {@code Sat 28 Nov, 14:00};</li>
 * <li>{@code upper}, {@code lower}; {@code truncate: <length>} (with … when cut);
 * {@code plaintext}: HTML (as Intercom and Zendesk send message bodies) as text,
 * paragraphs and breaks as line breaks;</li>
 * <li>{@code default: '<text>'}: the text when the field is missing, which otherwise
 * leaves the whole value out.</li>
 * </ul>
 */
final class Formatting {

	static final Set<String> FUNCTIONS = Set.of("money", "amount", "time", "upper", "lower", "truncate", "default",
			"plaintext");

	/** Month and day names are English, whatever the machine's locale. */
	private static final Locale NAMES = Locale.ENGLISH;

	private Formatting() {
	}

	/** A function with its arguments, checked when the template compiles. */
	record Call(String name, List<Object> arguments, ZoneId timeZone) {

		/**
		 * The value after this function; {@code null} for a missing value stays missing
		 * but for {@code default}.
		 */
		Object apply(Object value, Object payload) {
			if ("default".equals(this.name)) {
				return (value == null || value.toString().isBlank()) ? text(0, payload) : value;
			}
			if (value == null) {
				return null;
			}
			String text = value.toString();
			return switch (this.name) {
				case "upper" -> text.toUpperCase(NAMES);
				case "lower" -> text.toLowerCase(NAMES);
				case "truncate" -> truncate(text, ((Number) this.arguments.get(0)).intValue());
				case "money" -> money(text, text(0, payload), (this.arguments.size() > 1) ? text(1, payload) : "code");
				case "amount" ->
					amount(text, text(0, payload), (this.arguments.size() > 1) ? text(1, payload) : "code");
				case "plaintext" -> plaintext(text);
				case "time" -> time(text, text(0, payload),
						(this.arguments.size() > 1) ? runtimeZone(text(1, payload)) : this.timeZone);
				default -> throw new IllegalStateException("no function " + this.name);
			};
		}

		private String text(int index, Object payload) {
			Object argument = this.arguments.get(index);
			Object value = (argument instanceof MappingExpression.Path path) ? path.evaluate(payload) : argument;
			return (value != null) ? value.toString() : null;
		}

	}

	/**
	 * Compiles {@code name: arguments}.
	 * @throws IllegalArgumentException naming the function and what is wrong
	 */
	static Call call(String text, ZoneId timeZone) {
		int colon = text.indexOf(':');
		String name = ((colon >= 0) ? text.substring(0, colon) : text).trim();
		if (!FUNCTIONS.contains(name)) {
			throw new IllegalArgumentException("'" + name + "' is not a formatting function; there are " + FUNCTIONS);
		}
		List<Object> arguments = new ArrayList<>();
		if (colon >= 0) {
			for (String argument : splitOutsideQuotes(text.substring(colon + 1), ',')) {
				arguments.add(argument(argument.trim()));
			}
		}
		Call call = new Call(name, List.copyOf(arguments), timeZone);
		check(call);
		return call;
	}

	private static void check(Call call) {
		List<Object> arguments = call.arguments();
		int[] counts = switch (call.name()) {
			case "upper", "lower", "plaintext" -> new int[] { 0, 0 };
			case "truncate", "default" -> new int[] { 1, 1 };
			default -> new int[] { 1, 2 };
		};
		if (arguments.size() < counts[0] || arguments.size() > counts[1]) {
			throw new IllegalArgumentException("'" + call.name() + "' takes "
					+ ((counts[0] == counts[1]) ? counts[0] : counts[0] + " or " + counts[1]) + " argument"
					+ ((counts[1] == 1) ? "" : "s") + ", not " + arguments.size());
		}
		switch (call.name()) {
			case "truncate" -> {
				if (!(arguments.get(0) instanceof Number length) || length.intValue() < 1) {
					throw new IllegalArgumentException("'truncate' takes a length, a whole number above 0");
				}
			}
			case "time" -> {
				if (!(arguments.get(0) instanceof String pattern)) {
					throw new IllegalArgumentException(
							"'time' takes its pattern as a quoted text, such as 'EEE d MMM, HH:mm'");
				}
				try {
					DateTimeFormatter.ofPattern(pattern, NAMES);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("'" + pattern + "' is not a time pattern: " + ex.getMessage());
				}
				if (arguments.size() > 1 && arguments.get(1) instanceof String zone) {
					zone(zone);
				}
			}
			case "money", "amount" -> {
				if (arguments.get(0) instanceof String code) {
					currency(code);
				}
				if (arguments.size() > 1 && !List.of("symbol", "code").contains(arguments.get(1))) {
					throw new IllegalArgumentException(
							"'" + call.name() + "' shows the currency as 'symbol' or 'code'");
				}
			}
			default -> {
			}
		}
	}

	/** A quoted text, a whole number, or a JSONPath. */
	private static Object argument(String text) {
		if (text.length() >= 2
				&& (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
			return text.substring(1, text.length() - 1);
		}
		if (text.matches("-?[0-9]{1,9}")) {
			return Integer.valueOf(text);
		}
		if (text.startsWith("$")) {
			return MappingExpression.path(text);
		}
		throw new IllegalArgumentException("argument '" + text + "' is neither a quoted text, a number nor a JSONPath");
	}

	/**
	 * Splits on a separator that is not inside quotes or brackets (a JSONPath filter may
	 * hold one).
	 */
	static List<String> splitOutsideQuotes(String text, char separator) {
		return splitOutsideQuotes(text, Pattern.compile(Pattern.quote(String.valueOf(separator))));
	}

	/** Splits where the separator matches outside quotes and brackets. */
	static List<String> splitOutsideQuotes(String text, Pattern separator) {
		List<String> pieces = new ArrayList<>();
		Matcher matcher = separator.matcher(text);
		char quote = 0;
		int depth = 0;
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quote != 0) {
				quote = (c == quote) ? 0 : quote;
			}
			else if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (c == '[' || c == '(') {
				depth++;
			}
			else if (c == ']' || c == ')') {
				depth--;
			}
			else if (depth == 0 && matcher.region(i, text.length()).lookingAt()) {
				pieces.add(text.substring(start, i));
				start = matcher.end();
				i = start - 1;
			}
		}
		pieces.add(text.substring(start));
		return pieces;
	}

	private static String truncate(String text, int length) {
		return (text.codePointCount(0, text.length()) <= length) ? text
				: text.substring(0, text.offsetByCodePoints(0, length - 1)) + "…";
	}

	static String money(String minorUnits, String currencyCode, String style) {
		Currency currency = currency(currencyCode);
		return shown(number(minorUnits).movePointLeft(exponent(currency)), currency, style);
	}

	static String amount(String majorUnits, String currencyCode, String style) {
		Currency currency = currency(currencyCode);
		return shown(number(majorUnits), currency, style);
	}

	private static BigDecimal number(String amount) {
		try {
			return new BigDecimal(amount.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidEventException("the amount '" + amount + "' is not a number");
		}
	}

	private static int exponent(Currency currency) {
		return Math.max(currency.getDefaultFractionDigits(), 0);
	}

	private static String shown(BigDecimal amount, Currency currency, String style) {
		String major = amount.setScale(exponent(currency), RoundingMode.HALF_EVEN).toPlainString();
		String symbol = currency.getSymbol(Locale.US);
		boolean hasSymbol = !symbol.equals(currency.getCurrencyCode());
		if ("symbol".equals(style) && hasSymbol) {
			return major.startsWith("-") ? "-" + symbol + major.substring(1) : symbol + major;
		}
		return major + " " + currency.getCurrencyCode();
	}

	/**
	 * Tags dropped, paragraphs and breaks as line breaks, the common entities decoded.
	 */
	static String plaintext(String html) {
		String text = html.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</li>", "\n")
			.replaceAll("<[^>]*>", "")
			.replace("&nbsp;", " ")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&apos;", "'")
			.replace("&amp;", "&");
		return text.replaceAll("[ \t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
	}

	private static Currency currency(String code) {
		try {
			return Currency.getInstance((code != null) ? code.trim().toUpperCase(Locale.ROOT) : "");
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException("'" + code + "' is not an ISO 4217 currency code");
		}
	}

	static String time(String value, String pattern, ZoneId zone) {
		Instant instant;
		try {
			instant = value.chars().allMatch(Character::isDigit) ? EventValues.occurredAt(value)
					: OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new InvalidEventException("'" + value + "' is not an ISO-8601 time or epoch seconds or milliseconds");
		}
		return DateTimeFormatter.ofPattern(pattern, NAMES).withZone(zone).format(instant);
	}

	private static ZoneId runtimeZone(String zone) {
		try {
			return ZoneId.of((zone != null) ? zone : "");
		}
		catch (DateTimeException ex) {
			throw new InvalidEventException("'" + zone + "' is not a time zone");
		}
	}

	static ZoneId zone(String zone) {
		try {
			return ZoneId.of(zone);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("'" + zone + "' is not a time zone (such as Europe/London or UTC)");
		}
	}

}

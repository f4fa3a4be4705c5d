package io.inboxsync.event;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * How a source maps one event field from its payload, and nothing else: a mapping reads
 * the payload, never a property, the environment, a bean or a method. One rule tells the
 * three forms apart:
 * <ul>
 * <li>a value that starts with {@code $} is a <b>JSONPath</b> on the payload:
 * {@code $.contact.email};</li>
 * <li>a value holding {@code {{ … }}} is a <b>template</b>: text with payload fields in
 * it, each optionally formatted, {@code Booked {{ $.service.name }}}, {@code Paid {{
 * $.amount | money: $.currency }}};</li>
 * <li>anything else is a <b>constant</b>: {@code MINIMAL}.</li>
 * </ul>
 * Camel's own expression languages ({@code ${…}}, {@code $simple{…}}) are refused: they
 * can reach far more than the payload. Expressions are compiled once, when the source
 * file loads, so a bad one is refused then.
 */
public sealed interface MappingExpression {

	/**
	 * The parsed payload (maps, lists and values, as Jackson reads JSON), read as
	 * JSONPath reads it.
	 */
	Configuration PAYLOAD = Configuration.builder()
		.jsonProvider(new JacksonJsonProvider())
		.mappingProvider(new JacksonMappingProvider())
		.options(Option.SUPPRESS_EXCEPTIONS)
		.build();

	/**
	 * The field's value in this payload: a string, number or boolean, a map or list when
	 * the path leads to one, or {@code null} when the payload does not have it.
	 */
	Object evaluate(Object payload);

	/**
	 * The expression as the source file wrote it, for reasons that say where nothing was
	 * found.
	 */
	String text();

	/** Compiles a mapping value whose times, if it formats any, are shown in UTC. */
	static MappingExpression parse(String text) {
		return parse(text, ZoneId.of("UTC"));
	}

	/**
	 * Compiles a mapping value.
	 * @param timeZone where the {@code time} function shows a time that does not say
	 * @throws IllegalArgumentException saying what is wrong with it, in words a source's
	 * author can act on
	 */
	static MappingExpression parse(String text, ZoneId timeZone) {
		String value = text.trim();
		if (value.contains("${") || value.contains("$simple{")) {
			throw new IllegalArgumentException("'" + value + "' uses a Camel expression (${…}), which a mapping may "
					+ "not: a JSONPath ($.field) or a template (text with {{ $.field }} in it) reads the payload");
		}
		if (value.startsWith("$")) {
			return new Path(value, compilePath(value));
		}
		if (value.contains("{{")) {
			return Template.parse(value, timeZone);
		}
		return new Constant(value);
	}

	/**
	 * @throws IllegalArgumentException when it is not a JSONPath
	 */
	static Path path(String path) {
		return new Path(path, compilePath(path));
	}

	private static JsonPath compilePath(String path) {
		if (!path.startsWith("$")) {
			throw new IllegalArgumentException("'" + path + "' is not a JSONPath: a JSONPath starts with $");
		}
		try {
			return JsonPath.compile(path);
		}
		catch (InvalidPathException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + path + "' is not a valid JSONPath: " + ex.getMessage());
		}
	}

	/** A value in the source file itself. */
	record Constant(String text) implements MappingExpression {

		@Override
		public Object evaluate(Object payload) {
			return this.text;
		}

	}

	/** A JSONPath; a path that finds several values gives the first. */
	record Path(String text, JsonPath path) implements MappingExpression {

		@Override
		public Object evaluate(Object payload) {
			if (!(payload instanceof Map<?, ?>) && !(payload instanceof List<?>)) {
				return null;
			}
			Object value = this.path.read(payload, PAYLOAD);
			if (!this.path.isDefinite() && value instanceof Collection<?> values) {
				return values.isEmpty() ? null : values.iterator().next();
			}
			return value;
		}

	}

	/**
	 * Text with payload fields in it, each a JSONPath and the {@link Formatting
	 * formatting functions} applied to it in turn: {@code {{ $.path | function: argument,
	 * … | … }}}. Absent as a whole when one of its fields is absent (and has no
	 * {@code default}), so {@code Booked {{ $.x }}} never becomes {@code Booked }.
	 */
	record Template(String text, List<Object> parts) implements MappingExpression {

		static Template parse(String text, ZoneId timeZone) {
			List<Object> parts = new ArrayList<>();
			int at = 0;
			while (at < text.length()) {
				int open = text.indexOf("{{", at);
				if (open < 0) {
					parts.add(text.substring(at));
					break;
				}
				int close = text.indexOf("}}", open + 2);
				if (close < 0) {
					throw new IllegalArgumentException("'" + text + "' opens {{ without closing it with }}");
				}
				if (open > at) {
					parts.add(text.substring(at, open));
				}
				parts.add(Field.parse(text, text.substring(open + 2, close), timeZone));
				at = close + 2;
			}
			return new Template(text, List.copyOf(parts));
		}

		@Override
		public Object evaluate(Object payload) {
			StringBuilder result = new StringBuilder();
			for (Object part : this.parts) {
				if (part instanceof Field field) {
					String value = field.evaluate(payload);
					if (value == null) {
						return null;
					}
					result.append(value);
				}
				else {
					result.append(part);
				}
			}
			return result.toString();
		}

	}

	/** One {@code {{ $.path | function … }}} of a template. */
	record Field(Path path, List<Formatting.Call> calls) {

		static Field parse(String template, String field, ZoneId timeZone) {
			List<String> pieces = Formatting.splitOutsideQuotes(field.trim(), '|');
			String path = pieces.get(0).trim();
			if (!path.startsWith("$")) {
				throw new IllegalArgumentException("'" + template + "': a template inserts payload fields only, "
						+ "written {{ $.field }}; '" + path + "' is not one");
			}
			List<Formatting.Call> calls = new ArrayList<>();
			for (String call : pieces.subList(1, pieces.size())) {
				calls.add(Formatting.call(call.trim(), timeZone));
			}
			return new Field(MappingExpression.path(path), List.copyOf(calls));
		}

		/** The formatted text, or {@code null} when the payload lacks the field. */
		String evaluate(Object payload) {
			Object value = this.path.evaluate(payload);
			if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
				value = null;
			}
			for (Formatting.Call call : this.calls) {
				value = call.apply(value, payload);
			}
			return (value != null) ? value.toString() : null;
		}

	}

}

package io.inboxsync.event;

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
 * How a source maps one event field from its payload, and nothing else: a mapping reads the payload, never a
 * property, the environment, a bean or a method. One rule tells the three forms apart:
 * <ul>
 * <li>a value that starts with {@code $} is a <b>JSONPath</b> on the payload: {@code $.contact.email};</li>
 * <li>a value holding {@code {{ … }}} is a <b>template</b>: text with payload fields in it,
 * {@code Booked {{ $.service.name }}};</li>
 * <li>anything else is a <b>constant</b>: {@code MINIMAL}.</li>
 * </ul>
 * Camel's own expression languages ({@code ${…}}, {@code $simple{…}}) are refused: they can reach far more than the
 * payload. Expressions are compiled once, when the source file loads, so a bad one is refused then.
 */
public sealed interface MappingExpression {

	/** The parsed payload (maps, lists and values, as Jackson reads JSON), read as JSONPath reads it. */
	Configuration PAYLOAD = Configuration.builder()
		.jsonProvider(new JacksonJsonProvider())
		.mappingProvider(new JacksonMappingProvider())
		.options(Option.SUPPRESS_EXCEPTIONS)
		.build();

	/**
	 * The field's value in this payload: a string, number or boolean, a map or list when the path leads to one, or
	 * {@code null} when the payload does not have it.
	 */
	Object evaluate(Object payload);

	/** The expression as the source file wrote it, for reasons that say where nothing was found. */
	String text();

	/**
	 * Compiles a mapping value.
	 * @throws IllegalArgumentException saying what is wrong with it, in words a source's author can act on
	 */
	static MappingExpression parse(String text) {
		String value = text.trim();
		if (value.contains("${") || value.contains("$simple{")) {
			throw new IllegalArgumentException("'" + value + "' uses a Camel expression (${…}), which a mapping may "
					+ "not: a JSONPath ($.field) or a template (text with {{ $.field }} in it) reads the payload");
		}
		if (value.startsWith("$")) {
			return new Path(value, compilePath(value));
		}
		if (value.contains("{{")) {
			return Template.parse(value);
		}
		return new Constant(value);
	}

	private static JsonPath compilePath(String path) {
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

	/** Text with payload fields in it; absent as a whole when one of its fields is absent. */
	record Template(String text, List<Object> parts) implements MappingExpression {

		static Template parse(String text) {
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
				String field = text.substring(open + 2, close).trim();
				if (!field.startsWith("$")) {
					throw new IllegalArgumentException("'" + text + "': a template inserts payload fields only, "
							+ "written {{ $.field }}; '" + field + "' is not one");
				}
				parts.add(new Path(field, compilePath(field)));
				at = close + 2;
			}
			return new Template(text, List.copyOf(parts));
		}

		@Override
		public Object evaluate(Object payload) {
			StringBuilder result = new StringBuilder();
			for (Object part : this.parts) {
				if (part instanceof Path path) {
					Object value = path.evaluate(payload);
					if (value == null || value instanceof Map<?, ?> || value instanceof Collection<?>) {
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

}

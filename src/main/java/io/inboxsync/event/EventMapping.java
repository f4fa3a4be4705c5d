package io.inboxsync.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A source's mapping, compiled: for each event field it maps, the {@link MappingExpression} that reads it from a
 * payload. Built once when the source loads, so every expression and every constant is checked then, not per event.
 */
public final class EventMapping {

	/** The event fields a source maps, named as its file's parameters. */
	public static final List<String> FIELDS = List.of("eventId", "occurredAt", "email", "phone", "customerName", "kind",
			"text", "direction", "visibility", "previewText", "badgeText", "badgeIconUrl", "iconUrl", "url",
			"onNoContact");

	private static final List<String> URL_FIELDS = List.of("badgeIconUrl", "iconUrl", "url");

	private final Map<String, MappingExpression> expressions;

	private EventMapping(Map<String, MappingExpression> expressions) {
		this.expressions = expressions;
	}

	/**
	 * Compiles the mapping parameters of a source; blank values are not mapped.
	 * @throws MappingException naming the field and what is wrong with its value
	 */
	public static EventMapping compile(Map<String, String> parameters) {
		Map<String, MappingExpression> expressions = new LinkedHashMap<>();
		parameters.forEach((field, value) -> {
			if (!FIELDS.contains(field)) {
				throw new MappingException(field, "is not a field of an event; fields: " + FIELDS);
			}
			if (value == null || value.isBlank()) {
				return;
			}
			try {
				MappingExpression expression = MappingExpression.parse(value);
				if (expression instanceof MappingExpression.Constant constant) {
					checkConstant(field, constant.text());
				}
				expressions.put(field, expression);
			}
			catch (IllegalArgumentException | InvalidEventException ex) {
				throw new MappingException(field, ex.getMessage());
			}
		});
		if (!expressions.containsKey("text")) {
			throw new MappingException("text", "is required: every event needs its message or activity text");
		}
		return new EventMapping(Map.copyOf(expressions));
	}

	/** A constant must be one the event takes: a typo in {@code kind: MINIMUM} fails the file, not every event. */
	private static void checkConstant(String field, String value) {
		switch (field) {
			case "kind" -> EventValues.kind(value);
			case "direction" -> EventValues.direction(value);
			case "visibility" -> EventValues.visibility(value);
			case "onNoContact" -> EventValues.noContactPolicy(value);
			case "occurredAt" -> EventValues.occurredAt(value);
			default -> {
				if (URL_FIELDS.contains(field) && !value.toLowerCase(Locale.ROOT).matches("https?://\\S+")) {
					throw new IllegalArgumentException("'" + value + "' is not a web URL (http:// or https://)");
				}
			}
		}
	}

	/** The expression of a field, or {@code null} when the source does not map it. */
	public MappingExpression of(String field) {
		return this.expressions.get(field);
	}

	/** A field whose value in a source file cannot work; the message names the field, never a resolved secret. */
	public static class MappingException extends IllegalArgumentException {

		private final String field;

		public MappingException(String field, String reason) {
			super(field + ": " + reason);
			this.field = field;
		}

		public String field() {
			return this.field;
		}

	}

}

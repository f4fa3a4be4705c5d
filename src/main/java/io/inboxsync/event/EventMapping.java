package io.inboxsync.event;

import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source's mapping, compiled: for each event field it maps, the
 * {@link MappingExpression} that reads it from a payload; which payloads it takes at all
 * ({@code acceptWhen}); and, for a source whose payloads come in several types, the
 * fields mapped differently per type ({@code text[invitee.canceled]}, picked by
 * {@code eventType}). Built once when the source loads, so every expression and every
 * constant is checked then, not per event.
 */
public final class EventMapping {

	/** The event fields a source maps, named as its file's parameters. */
	public static final List<String> FIELDS = List.of("eventId", "occurredAt", "email", "phone", "customerName", "kind",
			"text", "direction", "visibility", "previewText", "badgeText", "badgeIconUrl", "iconUrl", "url",
			"onNoContact", EventMedia.FIELD);

	/** How the mapping reads the payload, besides its fields. */
	public static final List<String> SETTINGS = List.of("acceptWhen", "eventType", "timeZone");

	/** A field mapped for one type of payload only: {@code text[invitee.canceled]}. */
	private static final Pattern PER_TYPE = Pattern.compile("([A-Za-z]+)\\[([^\\]]+)]");

	private static final List<String> URL_FIELDS = List.of("badgeIconUrl", "iconUrl", "url");

	private final Map<String, MappingExpression> expressions;

	private final Map<String, Map<String, MappingExpression>> expressionsByType;

	private final MappingExpression.Path eventType;

	private final PayloadCondition acceptWhen;

	private EventMapping(Map<String, MappingExpression> expressions,
			Map<String, Map<String, MappingExpression>> expressionsByType, MappingExpression.Path eventType,
			PayloadCondition acceptWhen) {
		this.expressions = expressions;
		this.expressionsByType = expressionsByType;
		this.eventType = eventType;
		this.acceptWhen = acceptWhen;
	}

	/**
	 * Whether a source's parameter belongs to its mapping: a field, a setting, or a field
	 * for one type.
	 */
	public static boolean isMappingParameter(String parameter) {
		Matcher perType = PER_TYPE.matcher(parameter);
		return FIELDS.contains(parameter) || SETTINGS.contains(parameter)
				|| (perType.matches() && FIELDS.contains(perType.group(1)));
	}

	/**
	 * Compiles the mapping parameters of a source; blank values are not mapped.
	 * @throws MappingException naming the parameter and what is wrong with its value
	 */
	public static EventMapping compile(Map<String, String> parameters) {
		ZoneId timeZone = ZoneId.of("UTC");
		String zone = parameters.get("timeZone");
		if (zone != null && !zone.isBlank()) {
			timeZone = compiled("timeZone", () -> Formatting.zone(zone.trim()));
		}
		Map<String, MappingExpression> expressions = new LinkedHashMap<>();
		Map<String, Map<String, MappingExpression>> expressionsByType = new LinkedHashMap<>();
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			String value = parameter.getValue();
			if (SETTINGS.contains(name) || value == null || value.isBlank()) {
				continue;
			}
			Matcher perType = PER_TYPE.matcher(name);
			String field = perType.matches() ? perType.group(1) : name;
			if (!FIELDS.contains(field)) {
				throw new MappingException(name, "is not a field of an event; fields: " + FIELDS);
			}
			ZoneId zoneOfTimes = timeZone;
			MappingExpression expression = compiled(name, () -> {
				MappingExpression compiled = MappingExpression.parse(value, zoneOfTimes);
				if (compiled instanceof MappingExpression.Constant constant) {
					checkConstant(field, constant.text());
				}
				return compiled;
			});
			if (perType.matches()) {
				expressionsByType.computeIfAbsent(perType.group(2), (type) -> new LinkedHashMap<>())
					.put(field, expression);
			}
			else {
				expressions.put(field, expression);
			}
		}
		String eventType = parameters.get("eventType");
		MappingExpression.Path typePath = (eventType != null && !eventType.isBlank())
				? compiled("eventType", () -> MappingExpression.path(eventType.trim())) : null;
		if (typePath == null && !expressionsByType.isEmpty()) {
			throw new MappingException(expressionsByType.keySet().iterator().next(),
					"fields mapped per type need eventType, the JSONPath of a payload's type");
		}
		if (!expressions.containsKey("text")
				&& expressionsByType.values().stream().noneMatch((fields) -> fields.containsKey("text"))) {
			throw new MappingException("text", "is required: every event needs its message or activity text");
		}
		String acceptWhen = parameters.get("acceptWhen");
		PayloadCondition condition = (acceptWhen != null && !acceptWhen.isBlank())
				? compiled("acceptWhen", () -> PayloadCondition.parse(acceptWhen)) : null;
		return new EventMapping(Map.copyOf(expressions), Map.copyOf(expressionsByType), typePath, condition);
	}

	private static <T> T compiled(String parameter, java.util.function.Supplier<T> compile) {
		try {
			return compile.get();
		}
		catch (IllegalArgumentException | InvalidEventException ex) {
			throw new MappingException(parameter, ex.getMessage());
		}
	}

	/**
	 * A constant must be one the event takes: a typo in {@code kind: MINIMUM} fails the
	 * file, not every event.
	 */
	private static void checkConstant(String field, String value) {
		switch (field) {
			case "kind" -> EventValues.kind(value);
			case "direction" -> EventValues.direction(value);
			case "visibility" -> EventValues.visibility(value);
			case "onNoContact" -> EventValues.noContactPolicy(value);
			case "occurredAt" -> EventValues.occurredAt(value);
			case EventMedia.FIELD -> EventMedia.checkConstant(value);
			default -> {
				if (URL_FIELDS.contains(field) && !value.toLowerCase(Locale.ROOT).matches("https?://\\S+")) {
					throw new IllegalArgumentException("'" + value + "' is not a web URL (http:// or https://)");
				}
			}
		}
	}

	/**
	 * Why the source does not take this payload ({@code acceptWhen}), or {@code null}
	 * when it does.
	 */
	public String ignoredBecause(Object payload) {
		String unmet = (this.acceptWhen != null) ? this.acceptWhen.unmetBy(payload) : null;
		return (unmet != null) ? "acceptWhen: " + unmet : null;
	}

	/**
	 * The payload's type, when the source maps types differently; {@code null} otherwise
	 * or when it has none.
	 */
	public String typeOf(Object payload) {
		if (this.eventType == null) {
			return null;
		}
		Object type = this.eventType.evaluate(payload);
		if (type instanceof Collection<?> types) {
			type = types.isEmpty() ? null : types.iterator().next();
		}
		return (type != null) ? type.toString() : null;
	}

	/**
	 * The expression of a field for a payload of this type (or of none), or {@code null}
	 * when it is not mapped.
	 */
	public MappingExpression of(String field, String type) {
		Map<String, MappingExpression> ofType = (type != null) ? this.expressionsByType.get(type) : null;
		MappingExpression expression = (ofType != null) ? ofType.get(field) : null;
		return (expression != null) ? expression : this.expressions.get(field);
	}

	/**
	 * A parameter whose value in a source file cannot work; the message names it, never a
	 * resolved secret.
	 */
	public static class MappingException extends IllegalArgumentException {

		private final String parameter;

		public MappingException(String parameter, String reason) {
			super(parameter + ": " + reason);
			this.parameter = parameter;
		}

		public String parameter() {
			return this.parameter;
		}

	}

}

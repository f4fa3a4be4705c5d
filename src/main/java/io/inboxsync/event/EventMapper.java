package io.inboxsync.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.inboxsync.event.InboxEvent.Badge;
import io.inboxsync.event.InboxEvent.Customer;
import io.inboxsync.event.InboxEvent.Direction;
import io.inboxsync.event.InboxEvent.Message;
import io.inboxsync.event.InboxEvent.MessageKind;
import io.inboxsync.event.InboxEvent.Visibility;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Builds an {@link InboxEvent} from a source's parsed payload (the exchange body) and the source's mapping. Each field
 * of the mapping is a text in exchange variable {@code mapping.<field>}:
 * <ul>
 * <li>starting with {@code $}: a JSONPath expression on the payload ({@code $.sender.email});</li>
 * <li>holding {@code ${…}}: a Camel simple expression ({@code Booked ${jsonpath($.service)}});</li>
 * <li>anything else: a constant; empty means not mapped.</li>
 * </ul>
 */
@Component("eventMapper")
public class EventMapper {

	/** Prefix of the exchange variables that hold a source's mapping. */
	public static final String MAPPING = "mapping.";

	private static final int MAX_EMAIL_LENGTH = 320;

	private static final int MAX_PHONE_LENGTH = 50;

	/** What the delivery ledger and the dead letters keep of an id. */
	private static final int MAX_EVENT_ID_LENGTH = 200;

	private final CamelContext camelContext;

	private final ObjectWriter canonicalJson;

	private final Map<String, Expression> expressions = new ConcurrentHashMap<>();

	public EventMapper(CamelContext camelContext, ObjectMapper objectMapper) {
		this.camelContext = camelContext;
		this.canonicalJson = objectMapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
	}

	public InboxEvent map(Exchange exchange) {
		String source = required(exchange, "source");
		Customer customer = customer(exchange);
		MessageKind kind = parseEnum(MessageKind.class, "kind", valueOrDefault(exchange, "kind", "BASIC"));
		Message message = new Message(kind, required(exchange, "text"), direction(exchange),
				parseEnum(Visibility.class, "visibility", valueOrDefault(exchange, "visibility", "BUSINESS")),
				value(exchange, "previewText"), badge(exchange), value(exchange, "iconUrl"), value(exchange, "url"));
		String onNoContact = value(exchange, "onNoContact");
		return new InboxEvent(eventId(exchange, source), source, occurredAt(exchange), customer, message,
				(onNoContact != null) ? parsePolicy(onNoContact) : null);
	}

	private Customer customer(Exchange exchange) {
		String email = value(exchange, "email");
		String phone = value(exchange, "phone");
		if (email == null && phone == null) {
			throw new InvalidEventException("the payload has no customer email or phone (email: "
					+ describe(exchange, "email") + ", phone: " + describe(exchange, "phone") + ")");
		}
		if (email != null) {
			email = email.toLowerCase(Locale.ROOT);
			if (email.length() > MAX_EMAIL_LENGTH || email.indexOf('@') <= 0 || email.endsWith("@")) {
				throw new InvalidEventException("the customer email '" + Masking.email(email) + "' is not an email");
			}
		}
		if (phone != null && phone.length() > MAX_PHONE_LENGTH) {
			throw new InvalidEventException("the customer phone is longer than " + MAX_PHONE_LENGTH + " characters");
		}
		return new Customer(email, phone, value(exchange, "customerName"));
	}

	/** Wix's names, or the words chat tools use: inbound/incoming and outbound/outgoing. */
	private Direction direction(Exchange exchange) {
		String direction = valueOrDefault(exchange, "direction", Direction.PARTICIPANT_TO_BUSINESS.name());
		return switch (direction.toLowerCase(Locale.ROOT)) {
			case "inbound", "incoming", "in", "received" -> Direction.PARTICIPANT_TO_BUSINESS;
			case "outbound", "outgoing", "out", "sent" -> Direction.BUSINESS_TO_PARTICIPANT;
			default -> parseEnum(Direction.class, "direction", direction);
		};
	}

	private Badge badge(Exchange exchange) {
		String text = value(exchange, "badgeText");
		String iconUrl = value(exchange, "badgeIconUrl");
		return (text == null && iconUrl == null) ? null : new Badge(text, iconUrl);
	}

	private Instant occurredAt(Exchange exchange) {
		String occurredAt = value(exchange, "occurredAt");
		if (occurredAt == null) {
			return Instant.now();
		}
		try {
			return occurredAt.chars().allMatch(Character::isDigit) ? epoch(Long.parseLong(occurredAt))
					: Instant.parse(occurredAt);
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw new InvalidEventException(
					"occurredAt '" + occurredAt + "' is neither an ISO-8601 instant nor epoch seconds or milliseconds");
		}
	}

	/** Epoch numbers below 10^11 are seconds (until the year 5138), above are milliseconds. */
	private static Instant epoch(long value) {
		return (value < 100_000_000_000L) ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
	}

	/** Without an id from the source, the same payload from the same source always gets the same id. */
	private String eventId(Exchange exchange, String source) {
		String eventId = value(exchange, "eventId");
		if (eventId != null) {
			if (eventId.length() > MAX_EVENT_ID_LENGTH) {
				throw new InvalidEventException("the event id is longer than " + MAX_EVENT_ID_LENGTH + " characters");
			}
			return eventId;
		}
		try {
			byte[] payload = this.canonicalJson.writeValueAsBytes(exchange.getMessage().getBody());
			byte[] name = (source + "\n" + new String(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
			return UUID.nameUUIDFromBytes(name).toString();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A parsed payload could not be written back as JSON", ex);
		}
	}

	private String required(Exchange exchange, String field) {
		String value = value(exchange, field);
		if (value == null) {
			throw new InvalidEventException("the payload has no " + field + " (" + describe(exchange, field) + ")");
		}
		return value;
	}

	private String valueOrDefault(Exchange exchange, String field, String defaultValue) {
		String value = value(exchange, field);
		return (value != null) ? value : defaultValue;
	}

	/** The field's value in this payload, trimmed, or {@code null} when unmapped, absent or blank. */
	private String value(Exchange exchange, String field) {
		String mapping = exchange.getVariable(MAPPING + field, String.class);
		if (!StringUtils.hasText(mapping)) {
			return null;
		}
		Object value = evaluate(exchange, mapping.trim());
		if (value instanceof Collection<?> values) {
			value = values.isEmpty() ? null : values.iterator().next();
		}
		return (value != null && StringUtils.hasText(value.toString())) ? value.toString().trim() : null;
	}

	private Object evaluate(Exchange exchange, String mapping) {
		if (!mapping.startsWith("$") && !mapping.contains("${")) {
			return mapping;
		}
		Expression expression = this.expressions.computeIfAbsent(mapping, this::compile);
		try {
			return expression.evaluate(exchange, Object.class);
		}
		catch (RuntimeException ex) {
			// A path that is not in this payload is an absent field, not an error of the source.
			return null;
		}
	}

	private Expression compile(String mapping) {
		String language = mapping.startsWith("$") ? "jsonpath" : "simple";
		Expression expression = this.camelContext.resolveLanguage(language).createExpression(mapping);
		expression.init(this.camelContext);
		return expression;
	}

	private static String describe(Exchange exchange, String field) {
		String mapping = exchange.getVariable(MAPPING + field, String.class);
		return StringUtils.hasText(mapping) ? "nothing at " + mapping : "not mapped";
	}

	private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException(field + " '" + value + "' is not one of "
					+ java.util.Arrays.toString(type.getEnumConstants()));
		}
	}

	private static NoContactPolicy parsePolicy(String value) {
		try {
			return NoContactPolicy.of(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException(ex.getMessage());
		}
	}

}

package io.inboxsync.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.inboxsync.event.InboxEvent.Badge;
import io.inboxsync.event.InboxEvent.Customer;
import io.inboxsync.event.InboxEvent.Message;

import org.springframework.stereotype.Component;

/**
 * Builds an {@link InboxEvent} from a source's parsed payload (maps, lists and values, as
 * Jackson reads JSON) and the source's compiled {@link EventMapping}. A field the payload
 * does not have is absent; a value no event can take is an {@link InvalidEventException}
 * whose reason names the field.
 */
@Component("eventMapper")
public class EventMapper {

	private static final int MAX_EMAIL_LENGTH = 320;

	private static final int MAX_PHONE_LENGTH = 50;

	/** What the delivery ledger and the dead letters keep of an id. */
	private static final int MAX_EVENT_ID_LENGTH = 200;

	private final ObjectWriter canonicalJson;

	public EventMapper(ObjectMapper objectMapper) {
		this.canonicalJson = objectMapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
	}

	/**
	 * @throws IgnoredEventException when the source does not take this payload at all
	 * @throws InvalidEventException when it takes it but cannot make an event of it
	 */
	public InboxEvent map(String source, EventMapping mapping, Object payload) {
		String ignored = mapping.ignoredBecause(payload);
		if (ignored != null) {
			throw new IgnoredEventException(ignored);
		}
		Fields fields = new Fields(mapping, mapping.typeOf(payload), payload);
		Customer customer = customer(fields);
		List<InboxEvent.Media> media = EventMedia.of(fields.mapping().of(EventMedia.FIELD, fields.type()), payload);
		// A picture alone is a message too: its text is then empty.
		String text = media.isEmpty() ? fields.required("text") : fields.valueOr("text", "");
		Message message = new Message(EventValues.kind(fields.valueOr("kind", "BASIC")), text,
				EventValues.direction(fields.valueOr("direction", "PARTICIPANT_TO_BUSINESS")),
				EventValues.visibility(fields.valueOr("visibility", "BUSINESS")), fields.value("previewText"),
				badge(fields), fields.value("iconUrl"), fields.value("url"), media.isEmpty() ? null : media);
		String occurredAt = fields.value("occurredAt");
		String onNoContact = fields.value("onNoContact");
		return new InboxEvent(eventId(fields, source, payload), source,
				(occurredAt != null) ? EventValues.occurredAt(occurredAt) : Instant.now(), customer, message,
				(onNoContact != null) ? EventValues.noContactPolicy(onNoContact) : null);
	}

	private static Customer customer(Fields fields) {
		String email = fields.identifier("email");
		String phone = fields.identifier("phone");
		if (email == null && phone == null) {
			throw new InvalidEventException("the payload has no customer email or phone (email: "
					+ fields.describe("email") + ", phone: " + fields.describe("phone") + ")");
		}
		// The address is kept as received: Wix may store and match it as it was written
		// (see ContactLookup).
		if (email != null) {
			if (email.length() > MAX_EMAIL_LENGTH || email.indexOf('@') <= 0 || email.endsWith("@")
					|| email.chars().anyMatch(Character::isWhitespace)) {
				throw new InvalidEventException("the customer email '" + Masking.email(email) + "' is not an email");
			}
		}
		if (phone != null && phone.length() > MAX_PHONE_LENGTH) {
			throw new InvalidEventException("the customer phone is longer than " + MAX_PHONE_LENGTH + " characters");
		}
		return new Customer(email, phone, fields.value("customerName"));
	}

	private static Badge badge(Fields fields) {
		String text = fields.value("badgeText");
		String iconUrl = fields.value("badgeIconUrl");
		return (text == null && iconUrl == null) ? null : new Badge(text, iconUrl);
	}

	/**
	 * Without an id from the source, the same payload from the same source always gets
	 * the same id.
	 */
	private String eventId(Fields fields, String source, Object payload) {
		String eventId = fields.identifier("eventId");
		if (eventId != null) {
			if (eventId.length() > MAX_EVENT_ID_LENGTH) {
				throw new InvalidEventException("the event id is longer than " + MAX_EVENT_ID_LENGTH + " characters");
			}
			return eventId;
		}
		try {
			byte[] canonical = this.canonicalJson.writeValueAsBytes(payload);
			byte[] name = (source + "\n" + new String(canonical, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.UTF_8);
			return UUID.nameUUIDFromBytes(name).toString();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A parsed payload could not be written back as JSON", ex);
		}
	}

	/** The mapped fields of one payload. */
	private record Fields(EventMapping mapping, String type, Object payload) {

		/**
		 * The field's value in this payload, trimmed, or {@code null} when unmapped,
		 * absent or blank.
		 */
		String value(String field) {
			MappingExpression expression = this.mapping.of(field, this.type);
			if (expression == null) {
				return null;
			}
			Object value = expression.evaluate(this.payload);
			if (value instanceof Collection<?> values) {
				value = values.isEmpty() ? null : values.iterator().next();
			}
			if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
				throw new InvalidEventException("the " + field + " at " + expression.text() + " is "
						+ ((value instanceof Map<?, ?>) ? "an object" : "a list") + ", not a value");
			}
			String text = (value != null) ? value.toString().trim() : "";
			return text.isEmpty() ? null : EventValues.text(field, text);
		}

		String identifier(String field) {
			String value = value(field);
			return (value != null) ? EventValues.identifier(field, value) : null;
		}

		String valueOr(String field, String defaultValue) {
			String value = value(field);
			return (value != null) ? value : defaultValue;
		}

		String required(String field) {
			String value = value(field);
			if (value == null) {
				throw new InvalidEventException("the payload has no " + field + " (" + describe(field) + ")");
			}
			return value;
		}

		String describe(String field) {
			MappingExpression expression = this.mapping.of(field, this.type);
			return (expression != null) ? "nothing at " + expression.text()
					: "not mapped" + ((this.type != null) ? " for type '" + this.type + "'" : "");
		}

	}

}

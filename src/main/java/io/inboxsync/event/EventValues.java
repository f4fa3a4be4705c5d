package io.inboxsync.event;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

import io.inboxsync.event.InboxEvent.Direction;
import io.inboxsync.event.InboxEvent.MessageKind;
import io.inboxsync.event.InboxEvent.Visibility;

/**
 * The rules for the values of an event's fields, the same for a constant checked when a
 * source loads and for a value read from a payload: each parse throws an
 * {@link InvalidEventException} saying what is wrong.
 */
public final class EventValues {

	private EventValues() {
	}

	public static MessageKind kind(String value) {
		return parseEnum(MessageKind.class, "kind", value);
	}

	public static Visibility visibility(String value) {
		return parseEnum(Visibility.class, "visibility", value);
	}

	/**
	 * Wix's names, or the words chat tools use: inbound/incoming and outbound/outgoing.
	 */
	public static Direction direction(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "inbound", "incoming", "in", "received" -> Direction.PARTICIPANT_TO_BUSINESS;
			case "outbound", "outgoing", "out", "sent" -> Direction.BUSINESS_TO_PARTICIPANT;
			default -> parseEnum(Direction.class, "direction", value);
		};
	}

	public static NoContactPolicy noContactPolicy(String value) {
		try {
			return NoContactPolicy.of(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException(ex.getMessage());
		}
	}

	/** ISO-8601, or epoch seconds or milliseconds. */
	public static Instant occurredAt(String value) {
		try {
			return value.chars().allMatch(Character::isDigit) ? epoch(Long.parseLong(value)) : Instant.parse(value);
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw new InvalidEventException(
					"occurredAt '" + value + "' is neither an ISO-8601 instant nor epoch seconds or milliseconds");
		}
	}

	/**
	 * Epoch numbers below 10^11 are seconds (until the year 5138), above are
	 * milliseconds.
	 */
	private static Instant epoch(long value) {
		return (value < 100_000_000_000L) ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
	}

	/**
	 * Text Wix can store and a log can show: no control characters but tab and line
	 * breaks, no half of a UTF-16 surrogate pair (what {@code \ud800} in JSON decodes
	 * to).
	 * @throws InvalidEventException naming the field, not repeating the value
	 */
	public static String text(String field, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new InvalidEventException("the " + field + " holds half of a UTF-16 surrogate pair at character "
						+ (i + 1) + ", which is not text");
			}
			else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
				throw new InvalidEventException("the " + field
						+ " holds the control character U+%04X at character %d".formatted((int) c, i + 1));
			}
		}
		return value;
	}

	/**
	 * An identifier (an email, a phone, an id): text on one line, without spaces around
	 * or inside control bytes.
	 */
	public static String identifier(String field, String value) {
		text(field, value);
		if (value.chars().anyMatch((c) -> c == '\n' || c == '\r' || c == '\t')) {
			throw new InvalidEventException("the " + field + " holds a line break or tab");
		}
		return value;
	}

	private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String value) {
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEventException(
					field + " '" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
		}
	}

}

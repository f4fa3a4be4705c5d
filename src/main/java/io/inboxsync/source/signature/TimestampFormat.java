package io.inboxsync.source.signature;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;

/** How a sender writes the time it signed at. */
public enum TimestampFormat {

	SECONDS("seconds since 1970"), MILLISECONDS("milliseconds since 1970"), ISO_8601("an ISO-8601 date and time");

	private final String description;

	TimestampFormat(String description) {
		this.description = description;
	}

	/** {@code null} when the text is not in this format. */
	Instant parse(String text) {
		try {
			return switch (this) {
				case SECONDS -> Instant.ofEpochSecond(Long.parseLong(text));
				case MILLISECONDS -> Instant.ofEpochMilli(Long.parseLong(text));
				case ISO_8601 -> OffsetDateTime.parse(text).toInstant();
			};
		}
		catch (NumberFormatException | DateTimeException ex) {
			return null;
		}
	}

	String description() {
		return this.description;
	}

	/**
	 * {@code seconds}, {@code milliseconds} or {@code iso-8601}; {@code null} for
	 * anything else.
	 */
	public static TimestampFormat named(String name) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "seconds" -> SECONDS;
			case "milliseconds" -> MILLISECONDS;
			case "iso-8601" -> ISO_8601;
			default -> null;
		};
	}

}

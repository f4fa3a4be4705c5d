package io.inboxsync.event;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the pipeline does with an event whose email or phone matches no Wix contact. */
public enum NoContactPolicy {

	/** Keep the event as a dead letter, to replay once the contact exists. */
	DEAD_LETTER("dead-letter"),

	/** Drop the event, logged and counted. */
	SKIP("skip"),

	/** Create the contact in Wix, then deliver. */
	CREATE_CONTACT("create-contact");

	private final String value;

	NoContactPolicy(String value) {
		this.value = value;
	}

	@JsonValue
	public String value() {
		return this.value;
	}

	@JsonCreator
	public static NoContactPolicy of(String value) {
		String wanted = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		return Arrays.stream(values())
			.filter((policy) -> policy.value.equals(wanted))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"unknown no-contact policy '" + value + "': use dead-letter, skip or create-contact"));
	}

}

package io.inboxsync.source.signature;

import java.time.Duration;
import java.time.Instant;

/**
 * How close to now a signed timestamp must be, either way: an older request may be a
 * replay of one captured earlier, a later one was signed by a clock that cannot be
 * trusted either.
 */
public record Freshness(TimestampFormat format, Duration tolerance) {

	/**
	 * @param where where the timestamp was read, named in the reason of a refusal
	 */
	void check(String timestamp, String where, Instant now) {
		if (timestamp == null || timestamp.isBlank()) {
			throw Refusal.of("the timestamp " + where + " is missing");
		}
		Instant signedAt = this.format.parse(timestamp.trim());
		if (signedAt == null) {
			throw Refusal.of("the timestamp " + where + " is not " + this.format.description());
		}
		if (signedAt.isBefore(now.minus(this.tolerance))) {
			throw Refusal.of("the timestamp " + where + " is older than the tolerance of " + seconds() + " s");
		}
		if (signedAt.isAfter(now.plus(this.tolerance))) {
			throw Refusal
				.of("the timestamp " + where + " is further in the future than the tolerance of " + seconds() + " s");
		}
	}

	private long seconds() {
		return this.tolerance.toSeconds();
	}

}

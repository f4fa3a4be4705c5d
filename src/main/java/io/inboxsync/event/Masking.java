package io.inboxsync.event;

/**
 * Shortens customer identifiers for logs: enough to tell two apart, not enough to
 * identify anyone.
 */
public final class Masking {

	private Masking() {
	}

	/** {@code jane.doe@example.com} becomes {@code j***@example.com}. */
	public static String email(String email) {
		if (email == null) {
			return null;
		}
		int at = email.indexOf('@');
		if (at <= 0) {
			return "***";
		}
		return email.charAt(0) + "***" + email.substring(at);
	}

	/** {@code +14155550123} becomes {@code ***0123}. */
	public static String phone(String phone) {
		if (phone == null) {
			return null;
		}
		return (phone.length() <= 4) ? "***" : "***" + phone.substring(phone.length() - 4);
	}

}

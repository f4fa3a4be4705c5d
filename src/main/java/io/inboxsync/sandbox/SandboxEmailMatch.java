package io.inboxsync.sandbox;

/**
 * How the sandbox's Wix compares emails when it searches contacts and refuses duplicates.
 * Wix does not document whether {@code info.emails.email} matches whatever the case, so
 * the sandbox can play either behaviour.
 */
public enum SandboxEmailMatch {

	/**
	 * {@code Jane.Doe@Example.com} finds only a contact stored with exactly that address.
	 */
	CASE_SENSITIVE,

	/**
	 * {@code Jane.Doe@Example.com} also finds a contact stored as
	 * {@code jane.doe@example.com}.
	 */
	CASE_INSENSITIVE;

	boolean matches(String stored, String wanted) {
		return (this == CASE_INSENSITIVE) ? stored.equalsIgnoreCase(wanted) : stored.equals(wanted);
	}

}

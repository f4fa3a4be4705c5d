package io.inboxsync.source.signature;

import java.security.GeneralSecurityException;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMACs senders sign with. */
public enum HmacAlgorithm {

	SHA1("HmacSHA1"), SHA256("HmacSHA256"), SHA512("HmacSHA512");

	private final String jcaName;

	HmacAlgorithm(String jcaName) {
		this.jcaName = jcaName;
	}

	byte[] sign(byte[] key, byte[] content) {
		try {
			Mac mac = Mac.getInstance(this.jcaName);
			mac.init(new SecretKeySpec(key, this.jcaName));
			return mac.doFinal(content);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(this.jcaName + " is not available", ex);
		}
	}

	/**
	 * {@code SHA-256}, {@code sha256} or {@code SHA256}; {@code null} for anything else.
	 */
	public static HmacAlgorithm named(String name) {
		return switch (name.toUpperCase(Locale.ROOT).replace("-", "")) {
			case "SHA1" -> SHA1;
			case "SHA256" -> SHA256;
			case "SHA512" -> SHA512;
			default -> null;
		};
	}

}

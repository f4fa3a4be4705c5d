package io.inboxsync.source.signature;

import java.util.Locale;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/** The HMACs senders sign with. */
public enum HmacAlgorithm {

	SHA1(HmacAlgorithms.HMAC_SHA_1), SHA256(HmacAlgorithms.HMAC_SHA_256), SHA512(HmacAlgorithms.HMAC_SHA_512);

	private final HmacAlgorithms algorithm;

	HmacAlgorithm(HmacAlgorithms algorithm) {
		this.algorithm = algorithm;
	}

	byte[] sign(byte[] key, byte[] content) {
		return new HmacUtils(this.algorithm, key).hmac(content);
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

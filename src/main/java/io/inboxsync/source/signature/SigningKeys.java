package io.inboxsync.source.signature;

import java.security.MessageDigest;
import java.util.List;

/**
 * The secrets a signature may have been made with: the current one, and during a rotation
 * the previous one, so that requests signed either way pass until the sender has
 * switched.
 */
public record SigningKeys(List<byte[]> keys) {

	public SigningKeys {
		keys = List.copyOf(keys);
	}

	/**
	 * Whether any candidate signature is the HMAC of the content with any key. Every pair
	 * is compared, in constant time, so how long this takes says nothing about which byte
	 * or key came close.
	 */
	boolean signed(HmacAlgorithm algorithm, byte[] content, List<byte[]> candidates) {
		boolean matched = false;
		for (byte[] key : this.keys) {
			byte[] expected = algorithm.sign(key, content);
			for (byte[] candidate : candidates) {
				matched |= MessageDigest.isEqual(expected, candidate);
			}
		}
		return matched;
	}

	@Override
	public String toString() {
		return "SigningKeys[" + this.keys.size() + "]";
	}

}

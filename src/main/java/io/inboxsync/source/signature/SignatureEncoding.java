package io.inboxsync.source.signature;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** How a signature is written in its header. */
public enum SignatureEncoding {

	HEX, BASE64;

	/** The signature's bytes; {@code null} when the text is not in this encoding. */
	byte[] decode(String text) {
		try {
			return (this == HEX) ? HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT))
					: Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}

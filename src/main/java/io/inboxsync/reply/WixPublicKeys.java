package io.inboxsync.reply;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Wix app's public key as its dashboard shows it: a PEM block
 * ({@code -----BEGIN PUBLIC KEY-----}), or that PEM in base64 (an environment variable
 * keeps no line breaks).
 */
public final class WixPublicKeys {

	private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";

	private static final String END = "-----END PUBLIC KEY-----";

	private WixPublicKeys() {
	}

	/**
	 * @throws IllegalArgumentException naming what is wrong, never quoting the value
	 */
	public static RSAPublicKey parse(String configured) {
		String pem = configured.trim();
		if (!pem.contains(BEGIN)) {
			try {
				pem = new String(Base64.getMimeDecoder().decode(pem), StandardCharsets.UTF_8).trim();
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("the Wix public key is neither a PEM block nor a PEM in base64");
			}
			if (!pem.contains(BEGIN)) {
				throw new IllegalArgumentException("the Wix public key is neither a PEM block nor a PEM in base64");
			}
		}
		int end = pem.indexOf(END);
		if (end < 0) {
			throw new IllegalArgumentException("the Wix public key's PEM block has no " + END + " line");
		}
		String body = pem.substring(pem.indexOf(BEGIN) + BEGIN.length(), end).replaceAll("\\s", "");
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
		}
		catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalArgumentException("the Wix public key is not an RSA public key");
		}
	}

	/** The key as a PEM block, as Wix shows it. */
	public static String pem(RSAPublicKey key) {
		return BEGIN + "\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
				+ "\n" + END + "\n";
	}

}

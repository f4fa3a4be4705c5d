package io.inboxsync.source.signature;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Twilio's: {@code X-Twilio-Signature} is the base64 HMAC-SHA1, keyed with the auth
 * token, of the full URL Twilio requested (with its query string) followed by each form
 * field's name and value, sorted by name. A JSON body is not in the signed string: the
 * URL carries its hex SHA-256 as {@code bodySHA256}, which must match the body.
 */
public final class TwilioSignature implements SignatureScheme {

	static final String HEADER = "X-Twilio-Signature";

	private static final String BODY_HASH = "bodySHA256";

	private final SigningKeys keys;

	private final String publicUrl;

	/**
	 * @param publicUrl the URL as configured at Twilio, without the query string;
	 * {@code null} for the URL as received, right only when no proxy changes it
	 */
	TwilioSignature(SigningKeys keys, String publicUrl) {
		this.keys = keys;
		this.publicUrl = publicUrl;
	}

	@Override
	public void verify(SignedRequest request) {
		String signature = request.header(HEADER);
		if (signature == null || signature.isBlank()) {
			throw Refusal.of("the signature header " + HEADER + " is missing");
		}
		byte[] given = SignatureEncoding.BASE64.decode(signature.trim());
		if (given == null) {
			throw Refusal.of("the signature in header " + HEADER + " is not base64");
		}
		byte[] body = (request.body() != null) ? request.body() : new byte[0];
		String bodyHash = queryParameter(request.query(), BODY_HASH);
		StringBuilder signed = new StringBuilder(request.urlWithQuery(this.publicUrl));
		if (bodyHash != null) {
			if (!MessageDigest.isEqual(sha256Hex(body).getBytes(StandardCharsets.US_ASCII),
					bodyHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
				throw Refusal.of("the " + BODY_HASH + " in the URL does not match the body");
			}
		}
		else if (request.isJsonObject()) {
			throw Refusal.of("a JSON body must come with its " + BODY_HASH + " in the URL, as Twilio sends it");
		}
		else {
			form(body).forEach((field) -> signed.append(field.getKey()).append(field.getValue()));
		}
		if (!this.keys.signed(HmacAlgorithm.SHA1, signed.toString().getBytes(StandardCharsets.UTF_8), List.of(given))) {
			throw Refusal.of("the signature in header " + HEADER + " does not match the URL and the form");
		}
	}

	/**
	 * The form's fields, sorted by name, then value (a name sent twice is signed once per
	 * value).
	 */
	private static List<Map.Entry<String, String>> form(byte[] body) {
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
			if (!pair.isEmpty()) {
				int equals = pair.indexOf('=');
				fields.add(Map.entry(decode((equals >= 0) ? pair.substring(0, equals) : pair),
						decode((equals >= 0) ? pair.substring(equals + 1) : "")));
			}
		}
		fields.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
		return fields;
	}

	private static String queryParameter(String query, String name) {
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			if (pair.startsWith(name + "=")) {
				return decode(pair.substring(name.length() + 1));
			}
		}
		return null;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw Refusal.of("the form or URL is not properly percent-encoded");
		}
	}

	private static String sha256Hex(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "TwilioSignature[" + ((this.publicUrl != null) ? this.publicUrl : "URL as received") + "]";
	}

}

package io.inboxsync.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import org.springframework.stereotype.Component;

/**
 * Browser sessions of the operator, exchanged for the operator token: a session is a
 * signed value ({@code <expiry>.<nonce>.<signature>}), kept by the browser in an HttpOnly
 * cookie and checked by signature, so it holds no server state, every instance with the
 * same token accepts it, and a new token ends every session. Each session has its own
 * CSRF token, derived from it, that every form posting with the cookie must carry.
 */
@Component
public class OperatorSessions {

	/** How long a session lasts after sign-in. */
	public static final Duration LIFETIME = Duration.ofHours(12);

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	private final byte[] sessionKey;

	private final byte[] csrfKey;

	public OperatorSessions(OperatorApiToken token) {
		this.sessionKey = token.keyFor("inbox-sync console session");
		this.csrfKey = token.keyFor("inbox-sync console csrf");
	}

	/** A new session, valid until {@link #LIFETIME} after {@code now}. */
	public String open(Instant now) {
		byte[] nonce = new byte[16];
		this.random.nextBytes(nonce);
		String payload = now.plus(LIFETIME).getEpochSecond() + "." + HexFormat.of().formatHex(nonce);
		return payload + "." + sign(this.sessionKey, payload);
	}

	/** Whether this is a session this token signed and it has not expired. */
	public boolean isValid(String session, Instant now) {
		if (session == null) {
			return false;
		}
		int signatureStart = session.lastIndexOf('.');
		int expiryEnd = session.indexOf('.');
		if (signatureStart <= 0 || expiryEnd == signatureStart) {
			return false;
		}
		String payload = session.substring(0, signatureStart);
		if (!equal(sign(this.sessionKey, payload), session.substring(signatureStart + 1))) {
			return false;
		}
		try {
			return now.getEpochSecond() < Long.parseLong(session.substring(0, expiryEnd));
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/** The CSRF token of this session's forms. */
	public String csrfToken(String session) {
		return sign(this.csrfKey, session);
	}

	public boolean isCsrfTokenOf(String session, String presented) {
		return presented != null && equal(csrfToken(session), presented);
	}

	private static boolean equal(String expected, String presented) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				presented.getBytes(StandardCharsets.UTF_8));
	}

	private static String sign(byte[] key, String value) {
		return BASE64.encodeToString(new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key).hmac(value));
	}

}

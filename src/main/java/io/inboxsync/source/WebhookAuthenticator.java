package io.inboxsync.source;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.inboxsync.event.InvalidEventException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;

/**
 * Checks that a webhook comes from the sender its source trusts, when the source asks for it (its
 * {@link WebhookChecks}): an HMAC-SHA256 of the raw body in a header, or a shared token in a header. Both are read
 * from the request's headers only, never from a query parameter or form field of the same name (which would put
 * secrets in URLs and logs). Comparisons take constant time; a mismatch is a 401 that names the check, never the
 * expected value.
 */
@Component("webhookAuthenticator")
public class WebhookAuthenticator {

	private static final String HMAC = "HmacSHA256";

	private final RunningSources sources;

	public WebhookAuthenticator(RunningSources sources) {
		this.sources = sources;
	}

	public void verify(Exchange exchange) {
		WebhookChecks checks = this.sources.ofRoute(exchange.getFromRouteId()).webhookChecks();
		HttpServletRequest request = exchange.getMessage().getHeader(Exchange.HTTP_SERVLET_REQUEST,
				HttpServletRequest.class);
		if (checks.signatureHeader() != null) {
			verifySignature(checks, request.getHeader(checks.signatureHeader()),
					exchange.getMessage().getBody(byte[].class));
		}
		if (checks.tokenHeader() != null) {
			String token = request.getHeader(checks.tokenHeader());
			if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), checks.token())) {
				throw unauthorized("the token in header " + checks.tokenHeader() + " is missing or wrong");
			}
		}
	}

	private static void verifySignature(WebhookChecks checks, String signature, byte[] body) {
		String header = checks.signatureHeader();
		String prefix = checks.signaturePrefix();
		if (signature == null || !signature.startsWith(prefix)) {
			throw unauthorized("the signature header " + header + " is missing or does not start with '" + prefix + "'");
		}
		byte[] given;
		String encoded = signature.substring(prefix.length()).trim();
		try {
			given = checks.base64() ? Base64.getDecoder().decode(encoded)
					: HexFormat.of().parseHex(encoded.toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw unauthorized("the signature in header " + header + " is not " + (checks.base64() ? "base64" : "hex"));
		}
		byte[] expected = hmac(checks.signatureSecret(), (body != null) ? body : new byte[0]);
		if (!MessageDigest.isEqual(expected, given)) {
			throw unauthorized("the signature in header " + header + " does not match the body");
		}
	}

	private static byte[] hmac(byte[] secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(secret, HMAC));
			return mac.doFinal(body);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static InvalidEventException unauthorized(String reason) {
		return new InvalidEventException(401, reason);
	}

}

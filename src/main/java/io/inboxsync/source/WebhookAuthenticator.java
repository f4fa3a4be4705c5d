package io.inboxsync.source;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.inboxsync.event.InvalidEventException;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Checks that a webhook comes from the sender its source trusts, when the source asks for it: an HMAC-SHA256 of the
 * raw body in a header ({@code signatureHeader}, {@code signatureSecret}, {@code signatureEncoding},
 * {@code signaturePrefix}), or a shared token in a header ({@code tokenHeader}, {@code token}). Comparisons take
 * constant time; a mismatch is a 401. Secrets come from the source's parameters, resolved from configuration or the
 * environment, and are never logged.
 */
@Component("webhookAuthenticator")
public class WebhookAuthenticator {

	private static final String HMAC = "HmacSHA256";

	private final SourceParameters sourceParameters;

	public WebhookAuthenticator(SourceParameters sourceParameters) {
		this.sourceParameters = sourceParameters;
	}

	public void verify(Exchange exchange) {
		Map<String, String> parameters = this.sourceParameters.of(exchange.getFromRouteId());
		String signatureHeader = parameters.get("signatureHeader");
		if (StringUtils.hasText(signatureHeader)) {
			verifySignature(exchange, signatureHeader, parameters);
		}
		String tokenHeader = parameters.get("tokenHeader");
		if (StringUtils.hasText(tokenHeader)) {
			String token = exchange.getMessage().getHeader(tokenHeader, String.class);
			String expected = parameters.getOrDefault("token", "");
			if (token == null || expected.isEmpty() || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
					expected.getBytes(StandardCharsets.UTF_8))) {
				throw unauthorized("the token in header " + tokenHeader + " is missing or wrong");
			}
		}
	}

	/** A source that asks for a check but has no secret to check with is refused when its file loads. */
	public void check(Map<String, String> parameters) {
		if (StringUtils.hasText(parameters.get("signatureHeader"))) {
			if (!StringUtils.hasText(parameters.get("signatureSecret"))) {
				throw new IllegalArgumentException("signatureHeader is set but signatureSecret is empty");
			}
			encoding(parameters);
		}
		if (StringUtils.hasText(parameters.get("tokenHeader")) && !StringUtils.hasText(parameters.get("token"))) {
			throw new IllegalArgumentException("tokenHeader is set but token is empty");
		}
	}

	private void verifySignature(Exchange exchange, String header, Map<String, String> parameters) {
		String signature = exchange.getMessage().getHeader(header, String.class);
		String prefix = parameters.getOrDefault("signaturePrefix", "");
		if (signature == null || !signature.startsWith(prefix)) {
			throw unauthorized("the signature header " + header + " is missing or does not start with '" + prefix + "'");
		}
		byte[] given;
		try {
			given = "base64".equals(encoding(parameters))
					? Base64.getDecoder().decode(signature.substring(prefix.length()).trim())
					: HexFormat.of().parseHex(signature.substring(prefix.length()).trim().toLowerCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw unauthorized("the signature in header " + header + " is not " + encoding(parameters));
		}
		byte[] body = exchange.getMessage().getBody(byte[].class);
		String secret = parameters.getOrDefault("signatureSecret", "");
		if (secret.isEmpty()) {
			throw unauthorized("the source has no signatureSecret to check the signature with");
		}
		byte[] expected = hmac(secret, (body != null) ? body : new byte[0]);
		if (!MessageDigest.isEqual(expected, given)) {
			throw unauthorized("the signature in header " + header + " does not match the body");
		}
	}

	private static String encoding(Map<String, String> parameters) {
		String encoding = parameters.getOrDefault("signatureEncoding", "hex").toLowerCase(Locale.ROOT);
		if (!encoding.equals("hex") && !encoding.equals("base64")) {
			throw new IllegalArgumentException("signatureEncoding '" + encoding + "' is neither hex nor base64");
		}
		return encoding;
	}

	private static byte[] hmac(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
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

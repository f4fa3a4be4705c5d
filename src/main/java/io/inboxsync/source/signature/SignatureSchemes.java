package io.inboxsync.source.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.inboxsync.source.signature.SignatureHeader.Prefixed;
import io.inboxsync.source.signature.SignatureHeader.TimestampedList;
import io.inboxsync.source.signature.SignatureHeader.VersionedList;

import static io.inboxsync.source.signature.SignatureEncoding.BASE64;
import static io.inboxsync.source.signature.SignatureEncoding.HEX;

/**
 * The signature schemes a webhook source may name with {@code verify}, each its
 * provider's documented algorithm, and {@code hmac}, the generic form a provider not
 * listed is configured with. Builds a source's {@link SignatureScheme} from its
 * parameters once, when it loads.
 */
public final class SignatureSchemes {

	/** The parameter naming the scheme. */
	public static final String VERIFY = "verify";

	public static final String SECRET = "signatureSecret";

	/**
	 * The secret before a rotation, accepted too until the sender signs with the new one
	 * only.
	 */
	public static final String PREVIOUS_SECRET = "signatureSecretPrevious";

	public static final String HEADER = "signatureHeader";

	public static final String ENCODING = "signatureEncoding";

	public static final String PREFIX = "signaturePrefix";

	public static final String ALGORITHM = "signatureAlgorithm";

	public static final String SIGNED_STRING = "signedString";

	public static final String TIMESTAMP_HEADER = "timestampHeader";

	public static final String TIMESTAMP_FORMAT = "timestampFormat";

	/** Seconds a signed timestamp may be away from now, either way. */
	public static final String TOLERANCE = "tolerance";

	/**
	 * The URL the sender is configured with, where a proxy makes it differ from the one
	 * received.
	 */
	public static final String PUBLIC_URL = "publicUrl";

	/** Every parameter of a signature check, secrets included. */
	public static final List<String> PARAMETERS = List.of(VERIFY, SECRET, PREVIOUS_SECRET, HEADER, ENCODING, PREFIX,
			ALGORITHM, SIGNED_STRING, TIMESTAMP_HEADER, TIMESTAMP_FORMAT, TOLERANCE, PUBLIC_URL);

	/** The parameters holding secrets. */
	public static final List<String> SECRETS = List.of(SECRET, PREVIOUS_SECRET);

	public static final String HMAC = "hmac";

	public static final String STANDARD_WEBHOOKS = "standard-webhooks";

	/** The schemes {@code verify} may name. */
	public static final List<String> NAMES = List.of("stripe", "calendly", "twilio", "slack", "github", "meta",
			"shopify", "intercom", "zendesk", "hubspot-v3", STANDARD_WEBHOOKS, HMAC);

	private static final Set<String> COMMON = Set.of(VERIFY, SECRET, PREVIOUS_SECRET);

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

	private static final Pattern PUBLIC_URL_RULE = Pattern.compile("https?://[^\\s?#{}]{1,500}");

	private static final Pattern PREFIX_RULE = Pattern.compile("[\\x21-\\x7e]{1,20}");

	private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	private SignatureSchemes() {
	}

	/**
	 * The scheme the parameters ask for: {@code verify}, or {@code hmac} when they name a
	 * {@code signatureHeader} only (as sources did before schemes had names), or
	 * {@code null}: no signature check.
	 */
	public static String schemeOf(Map<String, String> parameters) {
		String verify = parameters.get(VERIFY);
		if (verify != null) {
			return verify.toLowerCase(Locale.ROOT);
		}
		return (parameters.get(HEADER) != null) ? HMAC : null;
	}

	/**
	 * @param parameters the source's parameters of the signature check, given and not
	 * blank, trimmed; secrets as written (their values come in {@code secrets})
	 * @param secrets the secrets' values, current first; empty for a dry run, which
	 * checks nothing
	 * @return {@code null} when the source checks no signature
	 * @throws InvalidSchemeException naming the parameter that is wrong
	 */
	public static SignatureScheme compile(Map<String, String> parameters, List<byte[]> secrets) {
		String scheme = schemeOf(parameters);
		if (scheme == null) {
			return null;
		}
		if (!NAMES.contains(scheme)) {
			throw new InvalidSchemeException(VERIFY, "parameter verify must be one of " + NAMES);
		}
		if (parameters.get(SECRET) == null) {
			throw new InvalidSchemeException(VERIFY, "parameter " + SECRET + " is required by verify: " + scheme);
		}
		Set<String> allowed = new LinkedHashSet<>(COMMON);
		allowed.addAll(switch (scheme) {
			case "stripe", "calendly", "slack", "zendesk", STANDARD_WEBHOOKS -> Set.of(TOLERANCE);
			case "hubspot-v3" -> Set.of(TOLERANCE, PUBLIC_URL);
			case "twilio" -> Set.of(PUBLIC_URL);
			case HMAC -> PARAMETERS;
			default -> Set.of();
		});
		for (String parameter : parameters.keySet()) {
			if (!allowed.contains(parameter)) {
				throw new InvalidSchemeException(parameter, "parameter " + parameter + " does not apply to verify: "
						+ scheme + ((scheme.equals(HMAC)) ? "" : " (the preset sets it); it takes " + allowed));
			}
		}
		String publicUrl = parameters.get(PUBLIC_URL);
		if (publicUrl != null && !PUBLIC_URL_RULE.matcher(publicUrl).matches()) {
			throw new InvalidSchemeException(PUBLIC_URL, "parameter publicUrl must be an http(s) URL without a query "
					+ "string, as the sender is configured with");
		}
		SigningKeys keys = new SigningKeys(scheme.equals(STANDARD_WEBHOOKS) ? standardWebhooksKeys(secrets) : secrets);
		return switch (scheme) {
			case "stripe" -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new TimestampedList("Stripe-Signature", "v1"), template("${timestamp}.${body}"), null,
					freshness(parameters, TimestampFormat.SECONDS, FIVE_MINUTES));
			case "calendly" -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new TimestampedList("Calendly-Webhook-Signature", "v1"), template("${timestamp}.${body}"), null,
					freshness(parameters, TimestampFormat.SECONDS, Duration.ofMinutes(3)));
			case "twilio" -> new TwilioSignature(keys, publicUrl);
			case "slack" -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new Prefixed("X-Slack-Signature", "v0=", HEX), template("v0:${timestamp}:${body}"),
					"X-Slack-Request-Timestamp", freshness(parameters, TimestampFormat.SECONDS, FIVE_MINUTES));
			case "github", "meta" -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new Prefixed("X-Hub-Signature-256", "sha256=", HEX), template("${body}"), null, null);
			case "shopify" -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new Prefixed("X-Shopify-Hmac-SHA256", "", BASE64), template("${body}"), null, null);
			case "intercom" -> new HmacSignature(scheme, HmacAlgorithm.SHA1, keys,
					new Prefixed("X-Hub-Signature", "sha1=", HEX), template("${body}"), null, null);
			case "zendesk" -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new Prefixed("X-Zendesk-Webhook-Signature", "", BASE64), template("${timestamp}${body}"),
					"X-Zendesk-Webhook-Signature-Timestamp",
					freshness(parameters, TimestampFormat.ISO_8601, FIVE_MINUTES));
			case "hubspot-v3" -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new Prefixed("X-HubSpot-Signature-v3", "", BASE64),
					SignedString.parse("${method}${url}${body}${timestamp}", publicUrl).decodingUrlAsHubSpot(),
					"X-HubSpot-Request-Timestamp", freshness(parameters, TimestampFormat.MILLISECONDS, FIVE_MINUTES));
			case STANDARD_WEBHOOKS -> new HmacSignature(scheme, HmacAlgorithm.SHA256, keys,
					new VersionedList("webhook-signature", "v1"), template("${header.webhook-id}.${timestamp}.${body}"),
					"webhook-timestamp", freshness(parameters, TimestampFormat.SECONDS, FIVE_MINUTES));
			default -> hmac(parameters, keys, publicUrl);
		};
	}

	/**
	 * The generic form: every setting from the parameters, the body as a hex HMAC-SHA256
	 * by default.
	 */
	private static SignatureScheme hmac(Map<String, String> parameters, SigningKeys keys, String publicUrl) {
		String header = parameters.get(HEADER);
		if (header == null || !HEADER_NAME.matcher(header).matches()) {
			throw new InvalidSchemeException(HEADER,
					"parameter " + HEADER + " must be the HTTP header name holding " + "the signature (verify: hmac)");
		}
		String encodingName = parameters.getOrDefault(ENCODING, "hex").toLowerCase(Locale.ROOT);
		SignatureEncoding encoding = switch (encodingName) {
			case "hex" -> HEX;
			case "base64" -> BASE64;
			default -> throw new InvalidSchemeException(ENCODING, "parameter " + ENCODING + " must be hex or base64");
		};
		String prefix = parameters.getOrDefault(PREFIX, "");
		if (!prefix.isEmpty() && !PREFIX_RULE.matcher(prefix).matches()) {
			throw new InvalidSchemeException(PREFIX,
					"parameter " + PREFIX + " must be up to 20 visible ASCII characters");
		}
		HmacAlgorithm algorithm = HmacAlgorithm.named(parameters.getOrDefault(ALGORITHM, "SHA-256"));
		if (algorithm == null) {
			throw new InvalidSchemeException(ALGORITHM,
					"parameter " + ALGORITHM + " must be SHA-1, SHA-256 or SHA-512");
		}
		SignedString signedString;
		try {
			signedString = SignedString.parse(parameters.getOrDefault(SIGNED_STRING, "${body}"), publicUrl);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSchemeException(SIGNED_STRING, "parameter " + SIGNED_STRING + ": " + ex.getMessage());
		}
		String timestampHeader = parameters.get(TIMESTAMP_HEADER);
		if (timestampHeader != null && !HEADER_NAME.matcher(timestampHeader).matches()) {
			throw new InvalidSchemeException(TIMESTAMP_HEADER,
					"parameter " + TIMESTAMP_HEADER + " must be an HTTP header name");
		}
		if (timestampHeader == null) {
			for (String timed : List.of(TIMESTAMP_FORMAT, TOLERANCE)) {
				if (parameters.containsKey(timed)) {
					throw new InvalidSchemeException(timed, "parameter " + timed + " needs a " + TIMESTAMP_HEADER);
				}
			}
			if (signedString.refersToTimestamp()) {
				throw new InvalidSchemeException(SIGNED_STRING,
						"parameter " + SIGNED_STRING + " refers to ${timestamp}, which needs a " + TIMESTAMP_HEADER);
			}
		}
		TimestampFormat format = TimestampFormat.named(parameters.getOrDefault(TIMESTAMP_FORMAT, "seconds"));
		if (format == null) {
			throw new InvalidSchemeException(TIMESTAMP_FORMAT,
					"parameter " + TIMESTAMP_FORMAT + " must be seconds, milliseconds or iso-8601");
		}
		return new HmacSignature(HMAC, algorithm, keys, new Prefixed(header, prefix, encoding), signedString,
				timestampHeader, (timestampHeader != null) ? freshness(parameters, format, FIVE_MINUTES) : null);
	}

	private static SignedString template(String template) {
		return SignedString.parse(template, null);
	}

	private static Freshness freshness(Map<String, String> parameters, TimestampFormat format, Duration tolerance) {
		String seconds = parameters.get(TOLERANCE);
		if (seconds == null) {
			return new Freshness(format, tolerance);
		}
		if (!seconds.matches("[1-9][0-9]{0,4}")) {
			throw new InvalidSchemeException(TOLERANCE,
					"parameter " + TOLERANCE + " must be a number of seconds, from 1 to 99999");
		}
		return new Freshness(format, Duration.ofSeconds(Long.parseLong(seconds)));
	}

	/** Standard Webhooks secrets are {@code whsec_} and the key in base64. */
	private static List<byte[]> standardWebhooksKeys(List<byte[]> secrets) {
		List<byte[]> keys = new ArrayList<>();
		for (byte[] secret : secrets) {
			String text = new String(secret, StandardCharsets.UTF_8).trim();
			try {
				keys.add(Base64.getDecoder().decode(text.startsWith("whsec_") ? text.substring(6) : text));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSchemeException(SECRET, "the secret of verify: " + STANDARD_WEBHOOKS
						+ " must be whsec_ followed by base64, as the sender shows it");
			}
		}
		return keys;
	}

	/**
	 * A signature check's parameters that cannot work; the message names the parameter,
	 * never a secret's value.
	 */
	public static class InvalidSchemeException extends IllegalArgumentException {

		private final String parameter;

		InvalidSchemeException(String parameter, String message) {
			super(message);
			this.parameter = parameter;
		}

		public String parameter() {
			return this.parameter;
		}

	}

}

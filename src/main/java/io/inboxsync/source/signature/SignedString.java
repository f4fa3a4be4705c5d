package io.inboxsync.source.signature;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a sender signs, as a template of literal text and references:
 * {@code ${header.<Name>}} (a request header), {@code ${body}} (the raw body),
 * {@code ${method}}, {@code ${url}} (the public URL with the query string),
 * {@code ${path}}, and {@code ${timestamp}} (the timestamp the scheme reads). Nothing
 * else: it is parsed here, never by an expression language, so a source file cannot reach
 * anything but the request.
 */
public final class SignedString {

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

	private static final String[][] HUBSPOT_DECODED = { { "%3A", ":" }, { "%2F", "/" }, { "%3F", "?" }, { "%40", "@" },
			{ "%21", "!" }, { "%24", "$" }, { "%27", "'" }, { "%28", "(" }, { "%29", ")" }, { "%2A", "*" },
			{ "%2C", "," }, { "%3B", ";" } };

	private final String template;

	private final List<Part> parts;

	private SignedString(String template, List<Part> parts) {
		this.template = template;
		this.parts = List.copyOf(parts);
	}

	/**
	 * @param publicUrl what {@code ${url}} starts with, {@code null} for the URL as
	 * received
	 * @throws IllegalArgumentException with what is wrong, for a template that is not
	 * made of text and the references above
	 */
	public static SignedString parse(String template, String publicUrl) {
		List<Part> parts = new ArrayList<>();
		int at = 0;
		while (at < template.length()) {
			int start = template.indexOf("${", at);
			if (start < 0) {
				parts.add(new Literal(template.substring(at)));
				break;
			}
			if (start > at) {
				parts.add(new Literal(template.substring(at, start)));
			}
			int end = template.indexOf('}', start);
			if (end < 0) {
				throw new IllegalArgumentException("'${' at character " + (start + 1) + " is not closed by '}'");
			}
			parts.add(reference(template.substring(start + 2, end).trim(), publicUrl));
			at = end + 1;
		}
		return new SignedString(template, parts);
	}

	private static Part reference(String reference, String publicUrl) {
		if (reference.startsWith("header.")) {
			String name = reference.substring("header.".length());
			if (!HEADER_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("'" + name + "' is not an HTTP header name");
			}
			return new Header(name);
		}
		return switch (reference) {
			case "body" -> new Body();
			case "method" -> new Method();
			case "url" -> new Url(publicUrl, false);
			case "path" -> new Path();
			case "timestamp" -> new Timestamp();
			default -> throw new IllegalArgumentException("unknown reference ${" + reference
					+ "}: use ${header.<Name>}, ${body}, ${method}, ${url}, ${path} or ${timestamp}");
		};
	}

	/**
	 * This template with its URL decoded as HubSpot signs it: a few reserved characters
	 * are not percent-encoded.
	 */
	SignedString decodingUrlAsHubSpot() {
		return new SignedString(this.template,
				this.parts.stream()
					.map((part) -> (part instanceof Url url) ? new Url(url.publicUrl(), true) : part)
					.toList());
	}

	boolean refersToTimestamp() {
		return this.parts.stream().anyMatch(Timestamp.class::isInstance);
	}

	/**
	 * @param timestamp the timestamp the scheme read, {@code null} when it reads none
	 * @throws io.inboxsync.event.InvalidEventException a 401 when a header the template
	 * signs is missing
	 */
	byte[] render(SignedRequest request, String timestamp) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (Part part : this.parts) {
			if (part instanceof Body) {
				content.writeBytes((request.body() != null) ? request.body() : new byte[0]);
			}
			else {
				content.writeBytes(part.text(request, timestamp).getBytes(StandardCharsets.UTF_8));
			}
		}
		return content.toByteArray();
	}

	/** What a mismatching signature did not match, in a refusal's reason. */
	String description() {
		return (this.parts.size() == 1 && this.parts.get(0) instanceof Body) ? "the body"
				: "the signed string '" + this.template + "'";
	}

	@Override
	public String toString() {
		return this.template;
	}

	private sealed interface Part {

		String text(SignedRequest request, String timestamp);

	}

	private record Literal(String text) implements Part {

		@Override
		public String text(SignedRequest request, String timestamp) {
			return this.text;
		}

	}

	private record Header(String name) implements Part {

		@Override
		public String text(SignedRequest request, String timestamp) {
			String value = request.header(this.name);
			if (value == null) {
				throw Refusal.of("the header " + this.name + ", part of what is signed, is missing");
			}
			return value;
		}

	}

	private record Body() implements Part {

		@Override
		public String text(SignedRequest request, String timestamp) {
			throw new UnsupportedOperationException("the body is signed as bytes");
		}

	}

	private record Method() implements Part {

		@Override
		public String text(SignedRequest request, String timestamp) {
			return request.method();
		}

	}

	private record Url(String publicUrl, boolean hubSpotDecoded) implements Part {

		@Override
		public String text(SignedRequest request, String timestamp) {
			String url = request.urlWithQuery(this.publicUrl);
			if (this.hubSpotDecoded) {
				for (String[] decoded : HUBSPOT_DECODED) {
					url = url.replace(decoded[0], decoded[1]).replace(decoded[0].toLowerCase(Locale.ROOT), decoded[1]);
				}
			}
			return url;
		}

	}

	private record Path() implements Part {

		@Override
		public String text(SignedRequest request, String timestamp) {
			return request.path();
		}

	}

	private record Timestamp() implements Part {

		@Override
		public String text(SignedRequest request, String timestamp) {
			return (timestamp != null) ? timestamp : "";
		}

	}

}

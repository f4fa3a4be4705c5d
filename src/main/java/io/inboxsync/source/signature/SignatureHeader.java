package io.inboxsync.source.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a sender puts its signature (and maybe its timestamp), and how it writes them.
 */
public sealed interface SignatureHeader {

	/** The header's name. */
	String name();

	/**
	 * @throws io.inboxsync.event.InvalidEventException a 401 when the header is missing
	 * or malformed
	 */
	Signatures read(SignedRequest request);

	/**
	 * What a signature header holds.
	 *
	 * @param timestamp the timestamp it carries, {@code null} when the sender puts it
	 * elsewhere
	 * @param candidates the signatures it carries: one matching is enough
	 */
	record Signatures(String timestamp, List<byte[]> candidates) {
	}

	private static String value(SignedRequest request, String name) {
		String value = request.header(name);
		if (value == null || value.isBlank()) {
			throw Refusal.of("the signature header " + name + " is missing");
		}
		return value.trim();
	}

	/**
	 * One signature, after a fixed prefix if any:
	 * {@code X-Hub-Signature-256: sha256=<hex>}.
	 */
	record Prefixed(String name, String prefix, SignatureEncoding encoding) implements SignatureHeader {

		@Override
		public Signatures read(SignedRequest request) {
			String value = request.header(this.name);
			if (value == null || !value.startsWith(this.prefix)) {
				throw Refusal.of("the signature header " + this.name + " is missing"
						+ (this.prefix.isEmpty() ? "" : " or does not start with '" + this.prefix + "'"));
			}
			byte[] signature = this.encoding.decode(value.substring(this.prefix.length()).trim());
			if (signature == null) {
				throw Refusal.of("the signature in header " + this.name + " is not " + this.encoding);
			}
			return new Signatures(null, List.of(signature));
		}

	}

	/**
	 * A timestamp and hex signatures as comma-separated pairs, several signatures during
	 * a rotation of the sender's secret:
	 * {@code Stripe-Signature: t=1492774577,v1=<hex>,v1=<hex>,v0=<hex>}. Other schemes
	 * than the one named are ignored, as the sender asks.
	 */
	record TimestampedList(String name, String signatureKey) implements SignatureHeader {

		@Override
		public Signatures read(SignedRequest request) {
			String timestamp = null;
			List<byte[]> candidates = new ArrayList<>();
			for (String pair : value(request, this.name).split(",")) {
				int equals = pair.indexOf('=');
				String key = (equals > 0) ? pair.substring(0, equals).trim() : "";
				String value = (equals > 0) ? pair.substring(equals + 1).trim() : "";
				if (key.equals("t")) {
					timestamp = value;
				}
				else if (key.equals(this.signatureKey)) {
					byte[] signature = SignatureEncoding.HEX.decode(value);
					if (signature != null) {
						candidates.add(signature);
					}
				}
			}
			if (timestamp == null) {
				throw Refusal.of("the signature header " + this.name + " has no t= timestamp");
			}
			if (candidates.isEmpty()) {
				throw Refusal
					.of("the signature header " + this.name + " has no hex " + this.signatureKey + "= signature");
			}
			return new Signatures(timestamp, candidates);
		}

	}

	/**
	 * Space-separated {@code <version>,<base64>} signatures, several during a rotation of
	 * the sender's secret: {@code webhook-signature: v1,<base64> v1,<base64>}. Other
	 * versions (such as asymmetric {@code v1a}) are ignored.
	 */
	record VersionedList(String name, String version) implements SignatureHeader {

		@Override
		public Signatures read(SignedRequest request) {
			List<byte[]> candidates = new ArrayList<>();
			for (String signature : value(request, this.name).split(" +")) {
				if (signature.startsWith(this.version + ",")) {
					byte[] decoded = SignatureEncoding.BASE64.decode(signature.substring(this.version.length() + 1));
					if (decoded != null) {
						candidates.add(decoded);
					}
				}
			}
			if (candidates.isEmpty()) {
				throw Refusal.of("the signature header " + this.name + " has no base64 " + this.version + " signature");
			}
			return new Signatures(null, candidates);
		}

	}

}

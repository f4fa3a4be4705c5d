package io.inboxsync.source.signature;

/**
 * The family most senders share: an HMAC of a signed string (the body, or the body with a
 * timestamp, the method or the URL around it), compared with the signature(s) in a
 * header, after checking that the timestamp, if any, is fresh. The presets differ only in
 * these settings.
 */
public final class HmacSignature implements SignatureScheme {

	private final String name;

	private final HmacAlgorithm algorithm;

	private final SigningKeys keys;

	private final SignatureHeader header;

	private final SignedString signedString;

	private final String timestampHeader;

	private final Freshness freshness;

	/**
	 * @param timestampHeader where the timestamp is, {@code null} when the signature
	 * header carries it or there is none
	 * @param freshness {@code null}: the sender signs no timestamp
	 */
	HmacSignature(String name, HmacAlgorithm algorithm, SigningKeys keys, SignatureHeader header,
			SignedString signedString, String timestampHeader, Freshness freshness) {
		this.name = name;
		this.algorithm = algorithm;
		this.keys = keys;
		this.header = header;
		this.signedString = signedString;
		this.timestampHeader = timestampHeader;
		this.freshness = freshness;
	}

	@Override
	public void verify(SignedRequest request) {
		SignatureHeader.Signatures signatures = this.header.read(request);
		String timestamp = (this.timestampHeader != null) ? request.header(this.timestampHeader)
				: signatures.timestamp();
		if (this.freshness != null) {
			this.freshness.check(timestamp, (this.timestampHeader != null) ? "in header " + this.timestampHeader
					: "in header " + this.header.name(), request.receivedAt());
		}
		if (!this.keys.signed(this.algorithm, this.signedString.render(request, timestamp), signatures.candidates())) {
			throw Refusal.of("the signature in header " + this.header.name() + " does not match "
					+ this.signedString.description());
		}
	}

	@Override
	public String toString() {
		return "HmacSignature[" + this.name + ", " + this.algorithm + " in " + this.header.name() + " of '"
				+ this.signedString + "']";
	}

}

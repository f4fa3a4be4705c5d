package io.inboxsync.source;

import java.util.List;

/**
 * What a webhook source checks before it accepts a request, built once when the source loads: an HMAC-SHA256 of the
 * raw body in a header, and/or a shared token in a header. Secrets are resolved from configuration and kept here
 * only, never in Camel's route model, an answer or a log.
 *
 * @param signatureHeader {@code null}: no signature check
 * @param signatureSecret the HMAC key
 * @param base64 whether the signature is base64 (else hex)
 * @param signaturePrefix text before the signature in the header, such as {@code sha256=}
 * @param tokenHeader {@code null}: no token check
 */
record WebhookChecks(String signatureHeader, byte[] signatureSecret, boolean base64, String signaturePrefix,
		String tokenHeader, byte[] token) {

	/** The webhook source's parameters for these checks. */
	static final List<String> PARAMETERS = List.of("signatureHeader", "signatureSecret", "signatureEncoding",
			"signaturePrefix", "tokenHeader", "token");

	/** The parameters that hold secrets: the only ones that may, and must, name a property ({{…}}). */
	static final List<String> SECRETS = List.of("signatureSecret", "token");

	static final WebhookChecks NONE = new WebhookChecks(null, null, false, "", null, null);

	@Override
	public String toString() {
		return "WebhookChecks[signatureHeader=" + this.signatureHeader + ", tokenHeader=" + this.tokenHeader + "]";
	}

}

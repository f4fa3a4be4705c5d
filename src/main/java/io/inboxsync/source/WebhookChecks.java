package io.inboxsync.source;

import java.util.List;
import java.util.stream.Stream;

import io.inboxsync.source.signature.SignatureScheme;
import io.inboxsync.source.signature.SignatureSchemes;

/**
 * What a webhook source checks before it accepts a request, and the handshakes it
 * answers, built once when the source loads: a signature ({@code verify: <scheme>}, see
 * {@link SignatureSchemes}), and/or a shared token in a header. Secrets are resolved from
 * configuration and kept here only, never in Camel's route model, an answer or a log.
 *
 * @param signature {@code null}: no signature check
 * @param tokenHeader {@code null}: no token check
 * @param tokens the token, and during a rotation the previous one
 * @param verifyToken the token Meta's subscription handshake
 * ({@code GET ?hub.mode=subscribe}) must present; {@code null}: the source answers no
 * such handshake
 * @param answersUrlVerification whether the source answers Slack's
 * {@code url_verification} with its challenge
 */
record WebhookChecks(SignatureScheme signature, String tokenHeader, List<byte[]> tokens, byte[] verifyToken,
		boolean answersUrlVerification) {

	static final String TOKEN_HEADER = "tokenHeader";

	static final String TOKEN = "token";

	static final String PREVIOUS_TOKEN = "tokenPrevious";

	static final String VERIFY_TOKEN = "verifyToken";

	/** The webhook source's parameters for these checks. */
	static final List<String> PARAMETERS = Stream
		.concat(SignatureSchemes.PARAMETERS.stream(), Stream.of(TOKEN_HEADER, TOKEN, PREVIOUS_TOKEN, VERIFY_TOKEN))
		.toList();

	/**
	 * The parameters that hold secrets: the only ones that may, and must, name a property
	 * ({{…}}).
	 */
	static final List<String> SECRETS = Stream
		.concat(SignatureSchemes.SECRETS.stream(), Stream.of(TOKEN, PREVIOUS_TOKEN, VERIFY_TOKEN))
		.toList();

	static final WebhookChecks NONE = new WebhookChecks(null, null, List.of(), null, false);

	@Override
	public String toString() {
		return "WebhookChecks[signature=" + this.signature + ", tokenHeader=" + this.tokenHeader + ", handshakes="
				+ ((this.verifyToken != null) ? "subscribe " : "")
				+ (this.answersUrlVerification ? "url_verification" : "") + "]";
	}

}

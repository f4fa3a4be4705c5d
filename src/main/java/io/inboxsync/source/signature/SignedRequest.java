package io.inboxsync.source.signature;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A webhook request as a signature check sees it: what a sender may have signed, and when
 * it arrived.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param url the URL as this server received it, without the query string (a proxy may
 * have changed it: a scheme with a public URL uses that instead)
 * @param query the query string as received, {@code null} when there is none
 * @param headers a request header's first value by name, {@code null} when absent;
 * headers only, never a query parameter or form field of the same name
 * @param body the body exactly as sent
 * @param receivedAt when the request arrived, which a timestamp must be close to
 */
public record SignedRequest(String method, String url, String query, UnaryOperator<String> headers, byte[] body,
		Instant receivedAt) {

	public String header(String name) {
		return this.headers.apply(name);
	}

	/** The path of the URL, such as {@code /webhooks/sms}. */
	public String path() {
		try {
			return java.net.URI.create(this.url).getRawPath();
		}
		catch (IllegalArgumentException ex) {
			throw Refusal.of("the request's URL is not a valid URL");
		}
	}

	/** Whether the body is a JSON object, whatever white space comes first. */
	boolean isJsonObject() {
		for (byte b : (this.body != null) ? this.body : new byte[0]) {
			if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
				return b == '{';
			}
		}
		return false;
	}

	/**
	 * A URL in place of the one received, with the query string received appended, as
	 * senders sign it.
	 */
	String urlWithQuery(String publicUrl) {
		String url = (publicUrl != null) ? publicUrl : this.url;
		return (this.query != null) ? url + "?" + this.query : url;
	}

}

package io.inboxsync.source;

import java.nio.charset.Charset;

import io.inboxsync.web.ReadBodyRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A webhook request as platform-http sees it once the guard has read its body: the body
 * whole, the charset the guard chose (the sender's, or UTF-8), and no form parsing. Camel
 * would otherwise parse a form-encoded body itself (its binding reads
 * {@link #getContentType()}): into message headers, where a form field could pass for a
 * header, and with a 500 that logs the body when the form is malformed. The Content-Type
 * header itself is left as sent; the payload parser reads the form from the raw body.
 */
final class WebhookRequest extends ReadBodyRequest {

	private final Charset charset;

	WebhookRequest(HttpServletRequest request, byte[] body, Charset charset) {
		super(request, body);
		this.charset = charset;
	}

	@Override
	public String getContentType() {
		return null;
	}

	@Override
	public String getCharacterEncoding() {
		return this.charset.name();
	}

}

package io.inboxsync.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;

import io.inboxsync.event.InvalidEventException;
import io.inboxsync.source.signature.SignatureScheme;
import io.inboxsync.source.signature.SignedRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks that a webhook comes from the sender its source trusts, when the source asks for
 * it (its {@link WebhookChecks}): a signature by the sender's scheme, or a shared token
 * in a header. Both are read from the request's headers only, never from a query
 * parameter or form field of the same name (which would put secrets in URLs and logs).
 * Comparisons take constant time; a mismatch is a 401 that names the check, never the
 * expected value.
 */
@Component("webhookAuthenticator")
public class WebhookAuthenticator {

	private final RunningSources sources;

	private final Clock clock;

	/**
	 * @param clock what "now" is for a signed timestamp: the system's, unless the
	 * application defines a clock
	 */
	public WebhookAuthenticator(RunningSources sources, ObjectProvider<Clock> clock) {
		this.sources = sources;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	public void verify(Exchange exchange) {
		WebhookChecks checks = this.sources.ofRoute(exchange.getFromRouteId()).webhookChecks();
		HttpServletRequest request = exchange.getMessage()
			.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
		if (checks.signature() != null) {
			checks.signature().verify(signedRequest(request, exchange.getMessage().getBody(byte[].class)));
		}
		if (checks.tokenHeader() != null) {
			String token = request.getHeader(checks.tokenHeader());
			boolean matched = false;
			for (byte[] expected : checks.tokens()) {
				matched |= token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), expected);
			}
			if (!matched) {
				throw new InvalidEventException(401,
						"the token in header " + checks.tokenHeader() + " is missing or wrong");
			}
		}
	}

	/**
	 * Checks a signature scheme of inbox-sync's own (not a source's) on the webhook's raw
	 * body: a 401 naming the check when it does not match. (Not an overload of
	 * {@link #verify(Exchange)}: routes call that one by name.)
	 */
	public void verifyOwn(SignatureScheme scheme, Exchange exchange) {
		scheme.verify(
				signedRequest(exchange.getMessage().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class),
						exchange.getMessage().getBody(byte[].class)));
	}

	private SignedRequest signedRequest(HttpServletRequest request, byte[] body) {
		return new SignedRequest(request.getMethod(), request.getRequestURL().toString(), request.getQueryString(),
				request::getHeader, (body != null) ? body : new byte[0], this.clock.instant());
	}

}

package io.inboxsync.sandbox;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Wix's sign-in, either an API key, {@code Authorization: <key>} (401 when missing or
 * wrong) with {@code wix-site-id} (403 when missing or another site), or an app's access
 * token, {@code Authorization: <token>} with no site header. Every answer carries an
 * {@code X-Wix-Request-Id}, as Wix's do. Names the caller (the site, or the app instance)
 * in the request attribute {@value #CALLER} for the rate limit.
 */
class SandboxAuthFilter extends SandboxFilter {

	static final String CALLER = "io.inboxsync.sandbox.caller";

	private final byte[] apiKey;

	private final String siteId;

	private final SandboxAppTokens appTokens;

	SandboxAuthFilter(String apiKey, String siteId, SandboxAppTokens appTokens, ObjectMapper objectMapper) {
		super(objectMapper);
		this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
		this.siteId = siteId;
		this.appTokens = appTokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("X-Wix-Request-Id", UUID.randomUUID().toString());
		// The token call is how an app signs in: it checks the app's own credentials in
		// its body.
		if (SandboxPaths.wixPath(request).equals(SandboxPaths.TOKEN)) {
			chain.doFilter(request, response);
			return;
		}
		String authorization = request.getHeader("Authorization");
		String instance = (authorization != null) ? this.appTokens.instanceOf(authorization) : null;
		if (instance != null) {
			request.setAttribute(CALLER, "instance " + instance);
			chain.doFilter(request, response);
			return;
		}
		if (authorization == null
				|| !MessageDigest.isEqual(this.apiKey, authorization.getBytes(StandardCharsets.UTF_8))) {
			answer(response, WixError.application(401, "UNAUTHENTICATED",
					"the API key or access token is missing, not valid or expired"));
			return;
		}
		if (!this.siteId.equals(request.getHeader("wix-site-id"))) {
			answer(response, WixError.application(403, "PERMISSION_DENIED",
					"wix-site-id is missing or names a site this key cannot reach"));
			return;
		}
		request.setAttribute(CALLER, "site " + this.siteId);
		chain.doFilter(request, response);
	}

}

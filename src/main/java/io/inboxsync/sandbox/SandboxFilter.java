package io.inboxsync.sandbox;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every filter in front of the sandbox's Wix calls shares: admin calls pass, errors
 * answer as Wix's do.
 */
abstract class SandboxFilter extends OncePerRequestFilter {

	protected final ObjectMapper objectMapper;

	SandboxFilter(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	/**
	 * The sandbox's own admin calls (state, faults, merges) are not Wix's API, nor are
	 * its upload service and media host.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return SandboxPaths.isAdmin(request) || SandboxPaths.isMediaHost(request);
	}

	protected void answer(HttpServletResponse response, WixError error) throws IOException {
		response.setStatus(error.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.objectMapper.writeValue(response.getOutputStream(), error.body());
	}

}

package io.inboxsync.sandbox;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the sandbox serves what: Wix's calls under {@value #PATH}, its own admin calls
 * under {@value #ADMIN}.
 */
final class SandboxPaths {

	static final String PATH = "/wix-sandbox";

	static final String ADMIN = PATH + "/_admin";

	static final String TOKEN = "/oauth2/token";

	private SandboxPaths() {
	}

	/**
	 * The sandbox's own admin calls (state, faults, merges) are not Wix's: no Wix
	 * sign-in, no Wix contract.
	 */
	static boolean isAdmin(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + ADMIN + "/");
	}

	/** The path as Wix has it: {@code /inbox/v2/messages}. */
	static String wixPath(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length() + PATH.length());
	}

}

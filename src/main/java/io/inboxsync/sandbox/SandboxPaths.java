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

	/**
	 * The sandbox's stand-ins for Wix's upload service and its media host
	 * ({@code static.wixstatic.com}): not Wix's API, so no Wix sign-in, no Wix contract.
	 */
	static final String MEDIA = PATH + "/_media";

	/** Where an upload URL puts a file, under {@value #PATH}. */
	static final String UPLOADS = "/_media/uploads";

	/** Where the site's media files are served, under {@value #PATH}. */
	static final String FILES = "/_media/files";

	static final String MEDIA_UPLOADS = PATH + UPLOADS;

	static final String MEDIA_FILES = PATH + FILES;

	private SandboxPaths() {
	}

	/**
	 * The sandbox's own admin calls (state, faults, merges) are not Wix's: no Wix
	 * sign-in, no Wix contract.
	 */
	static boolean isAdmin(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + ADMIN + "/");
	}

	/** Wix's upload service and media host, as the sandbox plays them. */
	static boolean isMediaHost(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + MEDIA + "/");
	}

	/** The path as Wix has it: {@code /inbox/v2/messages}. */
	static String wixPath(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length() + PATH.length());
	}

}

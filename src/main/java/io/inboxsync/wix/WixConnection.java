package io.inboxsync.wix;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.config.InboxSyncProperties;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Where Wix is and how to sign in: the real Wix with configured credentials, otherwise
 * the embedded sandbox on this service's own port. The one place that decides between the
 * two.
 */
@Component
public class WixConnection {

	static final String WIX_BASE_URL = "https://www.wixapis.com";

	private final InboxSyncProperties.Wix wix;

	private final InboxSyncProperties.Sandbox sandbox;

	private final Environment environment;

	private final WixAuth auth;

	public WixConnection(InboxSyncProperties properties, Environment environment, ObjectMapper objectMapper) {
		this.wix = properties.wix();
		this.sandbox = properties.sandbox();
		this.environment = environment;
		if (usesSandbox()) {
			this.auth = new WixAuth.ApiKey(this.sandbox.apiKey(), this.sandbox.siteId());
		}
		else if (this.wix.usesApp()) {
			this.auth = new WixAuth.App(this.wix.appId(), this.wix.appSecret(), this.wix.instanceId(), this::baseUrl,
					this.wix.connectTimeout(), this.wix.readTimeout(), objectMapper, Clock.systemUTC());
		}
		else {
			this.auth = new WixAuth.ApiKey(this.wix.apiKey(), this.wix.siteId());
		}
	}

	public boolean usesSandbox() {
		return !this.wix.hasCredentials();
	}

	/**
	 * Resolved on each call, since the sandbox's port is known only once the web server
	 * is up.
	 */
	public String baseUrl() {
		if (StringUtils.hasText(this.wix.baseUrl())) {
			return stripTrailingSlash(this.wix.baseUrl());
		}
		if (!usesSandbox()) {
			return WIX_BASE_URL;
		}
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		String contextPath = this.environment.getProperty("server.servlet.context-path", "");
		return "http://localhost:" + port + stripTrailingSlash(contextPath) + "/wix-sandbox";
	}

	/**
	 * The site whose calls count against one limit: Wix limits each site (each app
	 * instance) on its own.
	 */
	public String site() {
		String site = usesSandbox() ? this.sandbox.siteId()
				: this.wix.usesApp() ? this.wix.instanceId() : this.wix.siteId();
		return (site != null) ? site : "";
	}

	/** How to sign in: the sandbox's API key, or the configured API key or Wix app. */
	public WixAuth auth() {
		return this.auth;
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}

package io.inboxsync.source;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.web.ErrorBody;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers what no webhook source can accept before Camel sees it, with a JSON reason: a
 * path no running source listens on (404), another method than POST (405), a body that is
 * neither JSON nor form-encoded or in a charset Java does not know (415), a body over
 * {@code inbox-sync.webhooks.max-body-size} (413, also when it comes chunked), a body
 * that takes longer than {@code inbox-sync.webhooks.body-timeout} to arrive (408). The
 * body is read without holding a request thread ({@link WebhookBodyReader}); the route
 * runs on the async dispatch that follows, with the body already read, so neither a route
 * nor Tomcat's threads wait on a slow sender.
 */
public class WebhookGuardFilter extends OncePerRequestFilter {

	/** Where webhook sources listen. */
	public static final String PATH_PREFIX = "/webhooks/";

	/**
	 * Request attribute holding the body exactly as received: platform-http parses a
	 * form-encoded body into a map (and headers), but a signature is over the raw bytes.
	 */
	public static final String RAW_BODY = WebhookGuardFilter.class.getName() + ".rawBody";

	/**
	 * Request attribute holding the charset the body is read in: the one the sender
	 * declared, or UTF-8.
	 */
	private static final String BODY_CHARSET = WebhookGuardFilter.class.getName() + ".charset";

	private static final List<MediaType> ACCEPTED_TYPES = List.of(MediaType.APPLICATION_JSON,
			MediaType.APPLICATION_FORM_URLENCODED);

	private static final String SEND_ACCEPTED_TYPES = "send application/json or application/x-www-form-urlencoded";

	private final long maxBodySize;

	private final Duration bodyTimeout;

	private final ObjectMapper objectMapper;

	private final Predicate<String> servedPath;

	/**
	 * @param servedPath whether a running source listens on a path: a source whose file
	 * was deleted must answer 404, where platform-http would still answer its stopped
	 * route with an empty 500
	 */
	public WebhookGuardFilter(long maxBodySize, Duration bodyTimeout, ObjectMapper objectMapper,
			Predicate<String> servedPath) {
		this.maxBodySize = maxBodySize;
		this.bodyTimeout = bodyTimeout;
		this.objectMapper = objectMapper;
		this.servedPath = servedPath;
	}

	/**
	 * The route runs on the async dispatch after the body is read, and needs the body
	 * handed to it there too.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			byte[] body = (byte[]) request.getAttribute(RAW_BODY);
			chain.doFilter((body != null)
					? new WebhookRequest(request, body, (Charset) request.getAttribute(BODY_CHARSET)) : request,
					response);
			return;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (!this.servedPath.test(path)) {
			reject(response, 404, "no webhook source listens on " + path);
			return;
		}
		if (!"POST".equals(request.getMethod())) {
			response.setHeader("Allow", "POST");
			reject(response, 405, "webhook sources accept POST only");
			return;
		}
		MediaType contentType = mediaType(request.getContentType());
		if (contentType == null || ACCEPTED_TYPES.stream().noneMatch(contentType::equalsTypeAndSubtype)) {
			// The sender's Content-Type is never repeated: it is the sender's text, not
			// ours to echo.
			reject(response, 415, "this content type is not accepted; " + SEND_ACCEPTED_TYPES);
			return;
		}
		Charset charset = charset(request.getContentType());
		if (charset == null) {
			reject(response, 415, "this charset is not supported; send UTF-8 (or another standard charset)");
			return;
		}
		if (request.getContentLengthLong() > this.maxBodySize) {
			reject(response, 413, "the body is larger than the limit of " + this.maxBodySize + " bytes");
			return;
		}
		request.setAttribute(BODY_CHARSET, charset);
		WebhookBodyReader.read(request, response, this.maxBodySize, this.bodyTimeout, this::reject);
	}

	private void reject(HttpServletResponse response, int status, String reason) throws IOException {
		ErrorBody.of(status, reason).writeTo(response, this.objectMapper);
	}

	/**
	 * The type without its parameters, which Spring would refuse whole for a charset Java
	 * does not know.
	 */
	private static MediaType mediaType(String contentType) {
		if (contentType == null) {
			return null;
		}
		int parameters = contentType.indexOf(';');
		try {
			return MediaType.parseMediaType((parameters >= 0) ? contentType.substring(0, parameters) : contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return null;
		}
	}

	/**
	 * The declared charset, UTF-8 (JSON's) when none is declared, or null when Java does
	 * not know it.
	 */
	private static Charset charset(String contentType) {
		for (String parameter : contentType.split(";")) {
			int equals = parameter.indexOf('=');
			if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
				String name = parameter.substring(equals + 1).trim().replace("\"", "");
				try {
					return Charset.forName(name);
				}
				catch (IllegalArgumentException ex) {
					return null;
				}
			}
		}
		return StandardCharsets.UTF_8;
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<WebhookGuardFilter> webhookGuardFilter(InboxSyncProperties properties,
				ObjectMapper objectMapper, CamelContext camelContext) {
			FilterRegistrationBean<WebhookGuardFilter> registration = new FilterRegistrationBean<>(
					new WebhookGuardFilter(properties.webhooks().maxBodySize().toBytes(),
							properties.webhooks().bodyTimeout(), objectMapper, (path) -> isServed(camelContext, path)));
			registration.addUrlPatterns(PATH_PREFIX + "*");
			return registration;
		}

		/**
		 * Exactly the source's path: with a trailing slash it is another path, which
		 * Spring would not serve either.
		 */
		private static boolean isServed(CamelContext camelContext, String path) {
			return camelContext.getRoutes()
				.stream()
				.anyMatch((route) -> route.getEndpoint() instanceof PlatformHttpEndpoint endpoint
						&& path.equals(withLeadingSlash(endpoint.getPath()))
						&& camelContext.getRouteController().getRouteStatus(route.getRouteId()).isStarted());
		}

		private static String withLeadingSlash(String path) {
			return path.startsWith("/") ? path : "/" + path;
		}

	}

}

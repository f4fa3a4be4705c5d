package io.inboxsync.source;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.web.ErrorBody;
import io.inboxsync.web.ReadBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers what no webhook source can accept before Camel sees it, with a JSON reason: a path no running source
 * listens on (404), another method than POST (405), a body that is neither JSON nor form-encoded (415), a body over
 * {@code inbox-sync.webhooks.max-body-size} (413, also when it comes chunked). The body it lets through is already
 * read, so a route never waits on a slow client.
 */
public class WebhookGuardFilter extends OncePerRequestFilter {

	/** Where webhook sources listen. */
	public static final String PATH_PREFIX = "/webhooks/";

	/**
	 * Request attribute holding the body exactly as received: platform-http parses a form-encoded body into a map
	 * (and headers), but a signature is over the raw bytes.
	 */
	public static final String RAW_BODY = WebhookGuardFilter.class.getName() + ".rawBody";

	private static final List<String> ACCEPTED_TYPES = List.of(MediaType.APPLICATION_JSON_VALUE,
			MediaType.APPLICATION_FORM_URLENCODED_VALUE);

	private final long maxBodySize;

	private final ObjectMapper objectMapper;

	private final Predicate<String> servedPath;

	/**
	 * @param servedPath whether a running source listens on a path: a source whose file was deleted must answer 404,
	 * where platform-http would still answer its stopped route with an empty 500
	 */
	public WebhookGuardFilter(long maxBodySize, ObjectMapper objectMapper, Predicate<String> servedPath) {
		this.maxBodySize = maxBodySize;
		this.objectMapper = objectMapper;
		this.servedPath = servedPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
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
		String contentType = mediaType(request.getContentType());
		if (!ACCEPTED_TYPES.contains(contentType)) {
			reject(response, 415, "content type '" + request.getContentType() + "' is not accepted; send one of "
					+ ACCEPTED_TYPES);
			return;
		}
		if (request.getContentLengthLong() > this.maxBodySize) {
			reject(response, 413, tooLarge());
			return;
		}
		byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBodySize + 1));
		if (body.length > this.maxBodySize) {
			reject(response, 413, tooLarge());
			return;
		}
		request.setAttribute(RAW_BODY, body);
		chain.doFilter(new ReadBodyRequest(request, body), response);
	}

	private String tooLarge() {
		return "the body is larger than the limit of " + this.maxBodySize + " bytes";
	}

	private void reject(HttpServletResponse response, int status, String reason) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.objectMapper.writeValue(response.getOutputStream(), ErrorBody.of(status, reason));
	}

	private static String mediaType(String contentType) {
		if (contentType == null) {
			return "";
		}
		int parameters = contentType.indexOf(';');
		return ((parameters >= 0) ? contentType.substring(0, parameters) : contentType).trim().toLowerCase();
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<WebhookGuardFilter> webhookGuardFilter(InboxSyncProperties properties,
				ObjectMapper objectMapper, CamelContext camelContext) {
			FilterRegistrationBean<WebhookGuardFilter> registration = new FilterRegistrationBean<>(
					new WebhookGuardFilter(properties.webhooks().maxBodySize().toBytes(), objectMapper,
							(path) -> isServed(camelContext, path)));
			registration.addUrlPatterns(PATH_PREFIX + "*");
			return registration;
		}

		private static boolean isServed(CamelContext camelContext, String path) {
			String wanted = trimSlashes(path);
			return camelContext.getRoutes()
				.stream()
				.anyMatch((route) -> route.getEndpoint() instanceof PlatformHttpEndpoint endpoint
						&& wanted.equals(trimSlashes(endpoint.getPath()))
						&& camelContext.getRouteController().getRouteStatus(route.getRouteId()).isStarted());
		}

		private static String trimSlashes(String path) {
			return path.replaceAll("^/+|/+$", "");
		}

	}

}

package io.inboxsync.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.web.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The handshakes providers make before they send any event, answered for the sources that
 * expect them:
 * <ul>
 * <li>Meta's subscription
 * ({@code GET /webhooks/<name>?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}),
 * for a source with a {@code verifyToken}: the challenge echoed as text when the token
 * matches, 403 otherwise;</li>
 * <li>Slack's {@code url_verification} ({@code {"type": "url_verification", "challenge":
 * "…"}}), for a source with {@code verify: slack}: answered with the challenge once its
 * signature has been checked, and never queued.</li>
 * </ul>
 * A challenge is echoed only when it is a plain token, as both providers send it, and as
 * text, so an answer can never carry markup or a header.
 */
@Component("webhookHandshakes")
public class WebhookHandshakes {

	static final String MODE = "hub.mode";

	static final String VERIFY_TOKEN = "hub.verify_token";

	static final String CHALLENGE = "hub.challenge";

	private static final Logger log = LoggerFactory.getLogger(WebhookHandshakes.class);

	private static final Pattern PLAIN_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{1,200}");

	private final RunningSources sources;

	private final ObjectMapper objectMapper;

	public WebhookHandshakes(RunningSources sources, ObjectMapper objectMapper) {
		this.sources = sources;
		this.objectMapper = objectMapper;
	}

	/**
	 * A route step after the signature check: Slack's {@code url_verification} is
	 * answered with its challenge, and the route goes no further. Anything else goes on
	 * unchanged.
	 */
	public void answerUrlVerification(Exchange exchange) {
		if (!this.sources.ofRoute(exchange.getFromRouteId()).webhookChecks().answersUrlVerification()) {
			return;
		}
		byte[] body = exchange.getMessage().getBody(byte[].class);
		JsonNode payload = readJson(body);
		if (payload == null || !"url_verification".equals(payload.path("type").asText())) {
			return;
		}
		String challenge = plainChallenge(payload.path("challenge").asText(null));
		log.info("Source {} answered Slack's url_verification", exchange.getFromRouteId());
		Message message = exchange.getMessage();
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
		message.setHeader(Exchange.CONTENT_TYPE, MediaType.TEXT_PLAIN_VALUE);
		message.setBody(challenge);
		exchange.setRouteStop(true);
	}

	/**
	 * Meta's subscription handshake for a GET on a webhook path.
	 * @return {@code null} when no running source at that path answers it, so the GET is
	 * not one
	 */
	Answer subscription(String path, HttpServletRequest request) {
		if (!path.startsWith(WebhookGuardFilter.PATH_PREFIX)) {
			return null;
		}
		String name = path.substring(WebhookGuardFilter.PATH_PREFIX.length()).replaceAll("/+$", "");
		SourceDefinition source = this.sources.named(name)
			.filter((named) -> SourceCompiler.WEBHOOK_TEMPLATE.equals(named.template()))
			.filter((named) -> named.webhookChecks().verifyToken() != null)
			.orElse(null);
		if (source == null) {
			return null;
		}
		byte[] expected = source.webhookChecks().verifyToken();
		String token = request.getParameter(VERIFY_TOKEN);
		try {
			if (!"subscribe".equals(request.getParameter(MODE))) {
				throw new InvalidEventException(403, MODE + " must be subscribe");
			}
			if (token == null || expected.length == 0
					|| !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), expected)) {
				throw new InvalidEventException(403, "the " + VERIFY_TOKEN + " is missing or wrong");
			}
			String challenge = plainChallenge(request.getParameter(CHALLENGE));
			log.info("Source {} answered Meta's subscription handshake", source.routeId());
			return new Answer(200, challenge, null);
		}
		catch (InvalidEventException ex) {
			log.info("Source {} refused a subscription handshake: {}", source.routeId(), ex.getMessage());
			return new Answer(ex.httpStatus(), null, ErrorBody.of(ex.httpStatus(), ex.getMessage()));
		}
	}

	private JsonNode readJson(byte[] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode json = this.objectMapper.readTree(body);
			return (json != null && json.isObject()) ? json : null;
		}
		catch (IOException ex) {
			// Not a handshake: the payload parser answers what is wrong with it.
			return null;
		}
	}

	private static String plainChallenge(String challenge) {
		if (challenge == null || !PLAIN_CHALLENGE.matcher(challenge).matches()) {
			throw new InvalidEventException(400,
					"the challenge must be up to 200 letters, digits, '.', '_', '~' " + "or '-'");
		}
		return challenge;
	}

	/**
	 * @param text the challenge, answered as text; {@code null} when refused
	 * @param error the refusal, answered as JSON
	 */
	record Answer(int status, String text, ErrorBody error) {
	}

	/**
	 * Answers Meta's GET before the webhook guard, which lets webhook sources be posted
	 * to only: the guard stays unaware of handshakes, and a GET on any other path gets
	 * its 404 or 405 as before.
	 */
	static class SubscriptionFilter extends OncePerRequestFilter {

		private final WebhookHandshakes handshakes;

		private final ObjectMapper objectMapper;

		SubscriptionFilter(WebhookHandshakes handshakes, ObjectMapper objectMapper) {
			this.handshakes = handshakes;
			this.objectMapper = objectMapper;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Answer answer = "GET".equals(request.getMethod()) ? this.handshakes
				.subscription(request.getRequestURI().substring(request.getContextPath().length()), request) : null;
			if (answer == null) {
				chain.doFilter(request, response);
				return;
			}
			if (answer.text() != null) {
				response.setStatus(answer.status());
				response.setContentType(MediaType.TEXT_PLAIN_VALUE);
				response.setCharacterEncoding(StandardCharsets.UTF_8.name());
				response.getWriter().write(answer.text());
			}
			else {
				answer.error().writeTo(response, this.objectMapper);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		FilterRegistrationBean<SubscriptionFilter> webhookSubscriptionFilter(WebhookHandshakes handshakes,
				ObjectMapper objectMapper) {
			FilterRegistrationBean<SubscriptionFilter> registration = new FilterRegistrationBean<>(
					new SubscriptionFilter(handshakes, objectMapper));
			registration.addUrlPatterns(WebhookGuardFilter.PATH_PREFIX + "*");
			// Before the webhook guard, registered with the default (lowest) order.
			registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
			return registration;
		}

	}

}

package io.inboxsync.console;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.web.ErrorBody;
import io.inboxsync.web.OperatorApiToken;
import io.inboxsync.web.OperatorSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console takes the same operator as the API: a browser session opened with the
 * operator token (an HttpOnly, SameSite=Strict cookie), or the token itself as
 * {@code Authorization: Bearer}. A page asked for without either leads to the sign-in
 * form; anything else is a 401. A POST made with the session cookie must carry the
 * session's CSRF token. Pages are never cached, framed or sent elsewhere as a referrer.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	static final String PATH = "/console";

	static final String SIGN_IN = PATH + "/sign-in";

	/** The cookie that holds the session. */
	static final String SESSION_COOKIE = "inbox-sync-console";

	/** The form field (or header) that carries the CSRF token. */
	static final String CSRF_FIELD = "_csrf";

	static final String CSRF_HEADER = "X-CSRF-Token";

	/** The request attribute the pages read the CSRF token of their forms from. */
	static final String CSRF_ATTRIBUTE = ConsoleSecurity.class.getName() + ".csrf";

	/** What the sign-in page needs, open to anyone. */
	private static final Set<String> OPEN = Set.of(SIGN_IN, PATH + "/console.css");

	@Bean
	FilterRegistrationBean<ConsoleFilter> consoleFilter(OperatorApiToken token, OperatorSessions sessions,
			ObjectMapper objectMapper) {
		FilterRegistrationBean<ConsoleFilter> registration = new FilterRegistrationBean<>(
				new ConsoleFilter(token, sessions, objectMapper));
		registration.addUrlPatterns(PATH, PATH + "/*");
		return registration;
	}

	static class ConsoleFilter extends OncePerRequestFilter {

		private final OperatorApiToken token;

		private final OperatorSessions sessions;

		private final ObjectMapper objectMapper;

		ConsoleFilter(OperatorApiToken token, OperatorSessions sessions, ObjectMapper objectMapper) {
			this.token = token;
			this.sessions = sessions;
			this.objectMapper = objectMapper;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			response.setHeader("Cache-Control", "no-store");
			response.setHeader("X-Frame-Options", "DENY");
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("Referrer-Policy", "no-referrer");
			response.setHeader("Content-Security-Policy",
					"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
			String path = request.getRequestURI().substring(request.getContextPath().length());
			if (OPEN.contains(path)) {
				chain.doFilter(request, response);
				return;
			}
			if (this.token.isPresentedBy(request)) {
				chain.doFilter(request, response);
				return;
			}
			String session = session(request);
			if (!this.sessions.isValid(session, Instant.now())) {
				if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
					response.setStatus(303);
					response.setHeader("Location", request.getContextPath() + SIGN_IN);
					return;
				}
				ErrorBody.of(401, "sign in to the console with the operator token first")
					.writeTo(response, this.objectMapper);
				return;
			}
			if (!isSafe(request.getMethod()) && !this.sessions.isCsrfTokenOf(session, csrfToken(request))) {
				ErrorBody.of(403, "the form is stale or comes from another site: reload the page and try again")
					.writeTo(response, this.objectMapper);
				return;
			}
			request.setAttribute(CSRF_ATTRIBUTE, this.sessions.csrfToken(session));
			chain.doFilter(request, response);
		}

		private static boolean isSafe(String method) {
			return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
		}

		private static String csrfToken(HttpServletRequest request) {
			String header = request.getHeader(CSRF_HEADER);
			return (header != null) ? header : request.getParameter(CSRF_FIELD);
		}

		static String session(HttpServletRequest request) {
			Cookie[] cookies = request.getCookies();
			if (cookies == null) {
				return null;
			}
			for (Cookie cookie : cookies) {
				if (SESSION_COOKIE.equals(cookie.getName())) {
					return cookie.getValue();
				}
			}
			return null;
		}

	}

}

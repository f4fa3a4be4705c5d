package io.inboxsync.web;

import java.io.IOException;
import java.security.Principal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every call under {@code /api/} needs {@code Authorization: Bearer <token>}; 401 with a
 * JSON reason otherwise. Under {@code /actuator/} the same token makes the caller the
 * operator, who sees the health details
 * ({@code management.endpoint.health.show-details: when-authorized}); anyone else sees
 * the status only. The metrics ({@code /actuator/prometheus}, {@code /actuator/metrics})
 * are the operator's, like the API: they name the sources and tell their traffic, so a
 * scraper sends the token too.
 */
@Configuration(proxyBeanMethods = false)
class OperatorApiSecurity {

	static final String PATH = "/api/";

	@Bean
	FilterRegistrationBean<BearerTokenFilter> operatorApiTokenFilter(OperatorApiToken token,
			ObjectMapper objectMapper) {
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
				new BearerTokenFilter(token, objectMapper));
		registration.addUrlPatterns(PATH + "*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<BearerTokenFilter> actuatorMetricsTokenFilter(OperatorApiToken token,
			ObjectMapper objectMapper, WebEndpointProperties actuator) {
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
				new BearerTokenFilter(token, objectMapper));
		registration.addUrlPatterns(actuator.getBasePath() + "/prometheus", actuator.getBasePath() + "/metrics",
				actuator.getBasePath() + "/metrics/*");
		return registration;
	}

	@Bean
	FilterRegistrationBean<OperatorPrincipalFilter> actuatorOperatorFilter(OperatorApiToken token,
			WebEndpointProperties actuator) {
		FilterRegistrationBean<OperatorPrincipalFilter> registration = new FilterRegistrationBean<>(
				new OperatorPrincipalFilter(token));
		registration.addUrlPatterns(actuator.getBasePath() + "/*");
		return registration;
	}

	static class BearerTokenFilter extends OncePerRequestFilter {

		private final OperatorApiToken token;

		private final ObjectMapper objectMapper;

		BearerTokenFilter(OperatorApiToken token, ObjectMapper objectMapper) {
			this.token = token;
			this.objectMapper = objectMapper;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (this.token.isPresentedBy(request)) {
				chain.doFilter(request, response);
				return;
			}
			response.setHeader("WWW-Authenticate", "Bearer");
			ErrorBody
				.of(401, "the operator API needs Authorization: Bearer <token> (inbox-sync.api.token, or "
						+ "<data-dir>/api-token)")
				.writeTo(response, this.objectMapper);
		}

	}

	/**
	 * Makes a caller with the token the request's user, which is all the actuator asks of
	 * an authorised caller when there is no Spring Security. A caller without it passes
	 * on as anonymous.
	 */
	static class OperatorPrincipalFilter extends OncePerRequestFilter {

		private static final Principal OPERATOR = () -> "operator";

		private final OperatorApiToken token;

		OperatorPrincipalFilter(OperatorApiToken token) {
			this.token = token;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(this.token.isPresentedBy(request) ? new OperatorRequest(request) : request, response);
		}

	}

	private static final class OperatorRequest extends HttpServletRequestWrapper {

		OperatorRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Principal getUserPrincipal() {
			return OperatorPrincipalFilter.OPERATOR;
		}

		@Override
		public String getRemoteUser() {
			return OperatorPrincipalFilter.OPERATOR.getName();
		}

	}

}

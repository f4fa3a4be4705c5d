package io.inboxsync.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every call under {@code /api/} needs {@code Authorization: Bearer <token>}; 401 with a JSON reason otherwise. */
@Configuration(proxyBeanMethods = false)
class OperatorApiSecurity {

	static final String PATH = "/api/";

	@Bean
	FilterRegistrationBean<BearerTokenFilter> operatorApiTokenFilter(OperatorApiToken token, ObjectMapper objectMapper) {
		FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
				new BearerTokenFilter(token, objectMapper));
		registration.addUrlPatterns(PATH + "*");
		return registration;
	}

	static class BearerTokenFilter extends OncePerRequestFilter {

		private static final String BEARER = "Bearer ";

		private final OperatorApiToken token;

		private final ObjectMapper objectMapper;

		BearerTokenFilter(OperatorApiToken token, ObjectMapper objectMapper) {
			this.token = token;
			this.objectMapper = objectMapper;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String authorization = request.getHeader("Authorization");
			if (authorization != null && authorization.startsWith(BEARER)
					&& this.token.matches(authorization.substring(BEARER.length()).trim())) {
				chain.doFilter(request, response);
				return;
			}
			response.setStatus(401);
			response.setHeader("WWW-Authenticate", "Bearer");
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			this.objectMapper.writeValue(response.getOutputStream(), ErrorBody.of(401,
					"the operator API needs Authorization: Bearer <token> (inbox-sync.api.token, or <data-dir>/api-token)"));
		}

	}

}

package io.inboxsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.config.InboxSyncProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/** The embedded Wix sandbox, when no Wix credentials are configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWixSandbox
class SandboxConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SandboxConfiguration.class);

	/** An injected outage answers before anything else, as a real one would. */
	static final int FAULTS = 0;

	/**
	 * Wix's order: who you are, then whether you may call now, then whether the request
	 * is valid.
	 */
	static final int SIGN_IN = 1;

	static final int RATE_LIMIT = 2;

	static final int CONTRACT = 3;

	@Bean
	SandboxState sandboxState(InboxSyncProperties properties, ObjectMapper objectMapper, ResourceLoader resources)
			throws IOException {
		SandboxState state = new SandboxState(objectMapper, properties.sandbox().businessName(),
				properties.sandbox().emailMatch());
		String seed = properties.sandbox().seedContacts();
		try (InputStream in = resources.getResource(seed).getInputStream()) {
			JsonNode contacts = objectMapper.readTree(in);
			contacts.forEach((contact) -> state.addContact(contact.path("id").asText(null), contact.path("info")));
			log.info("No Wix credentials configured: the embedded Wix sandbox serves {} with {} contacts from {}",
					WixSandboxController.PATH, contacts.size(), seed);
		}
		return state;
	}

	/**
	 * Faults configured at startup ({@code inbox-sync.sandbox.faults}) are in force from
	 * the first call.
	 */
	@Bean
	SandboxFaults sandboxFaults(InboxSyncProperties properties) {
		SandboxFaults faults = new SandboxFaults();
		properties.sandbox().faults().forEach(faults::add);
		return faults;
	}

	@Bean
	SandboxMedia sandboxMedia() {
		return new SandboxMedia();
	}

	@Bean
	SandboxCallLog sandboxCallLog() {
		return new SandboxCallLog(Clock.systemUTC());
	}

	@Bean
	FilterRegistrationBean<SandboxFaultFilter> sandboxFaultFilter(SandboxFaults faults, SandboxCallLog calls,
			ObjectMapper objectMapper, InboxSyncProperties properties) {
		FilterRegistrationBean<SandboxFaultFilter> registration = new FilterRegistrationBean<>(
				new SandboxFaultFilter(faults, calls, objectMapper, properties.sandbox().hangLimit()));
		registration.addUrlPatterns(SandboxPaths.PATH + "/*");
		registration.setOrder(FAULTS);
		return registration;
	}

	@Bean
	SandboxAppTokens sandboxAppTokens(InboxSyncProperties properties) {
		return new SandboxAppTokens(properties.sandbox().app(), Clock.systemUTC());
	}

	@Bean
	FilterRegistrationBean<SandboxAuthFilter> sandboxAuthFilter(InboxSyncProperties properties,
			SandboxAppTokens appTokens, ObjectMapper objectMapper) {
		FilterRegistrationBean<SandboxAuthFilter> registration = new FilterRegistrationBean<>(new SandboxAuthFilter(
				properties.sandbox().apiKey(), properties.sandbox().siteId(), appTokens, objectMapper));
		registration.addUrlPatterns(SandboxPaths.PATH + "/*");
		registration.setOrder(SIGN_IN);
		return registration;
	}

	@Bean
	SandboxRateLimitFilter sandboxRateLimit(InboxSyncProperties properties, SandboxCallLog calls,
			ObjectMapper objectMapper) {
		InboxSyncProperties.Sandbox.RateLimit limit = properties.sandbox().rateLimit();
		return new SandboxRateLimitFilter(limit.requestsPerMinute(), limit.retryAfter(), Clock.systemUTC(), calls,
				objectMapper);
	}

	@Bean
	FilterRegistrationBean<SandboxRateLimitFilter> sandboxRateLimitFilter(SandboxRateLimitFilter rateLimit) {
		FilterRegistrationBean<SandboxRateLimitFilter> registration = new FilterRegistrationBean<>(rateLimit);
		registration.addUrlPatterns(SandboxPaths.PATH + "/*");
		registration.setOrder(RATE_LIMIT);
		return registration;
	}

	@Bean
	FilterRegistrationBean<SandboxContractFilter> sandboxContractFilter(ObjectMapper objectMapper) {
		FilterRegistrationBean<SandboxContractFilter> registration = new FilterRegistrationBean<>(
				new SandboxContractFilter(WixContract.load(), objectMapper));
		registration.addUrlPatterns(SandboxPaths.PATH + "/*");
		registration.setOrder(CONTRACT);
		return registration;
	}

}

package io.inboxsync.config;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Boot starts its embedded Artemis unless {@code spring.artemis.embedded.enabled}
 * is false, whatever {@code spring.artemis.mode} says. With an external broker configured
 * ({@code mode=native}) inbox-sync turns it off, so no broker nobody uses holds a port, a
 * journal and memory; a setting made explicitly still wins.
 */
public class EmbeddedBrokerSwitch implements EnvironmentPostProcessor {

	static final String ENABLED = "spring.artemis.embedded.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if ("native".equalsIgnoreCase(environment.getProperty("spring.artemis.mode", ""))
				&& !environment.containsProperty(ENABLED)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("inbox-sync-external-broker", Map.of(ENABLED, "false")));
		}
	}

}

package io.inboxsync.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded broker starts only when no external one is configured, unless told
 * otherwise.
 */
class EmbeddedBrokerSwitchTest {

	@Test
	void anExternalBrokerTurnsTheEmbeddedOneOff() {
		assertThat(embeddedEnabled(Map.of("spring.artemis.mode", "native"))).isEqualTo("false");
	}

	@Test
	void theEmbeddedBrokerIsLeftAloneOtherwise() {
		assertThat(embeddedEnabled(Map.of("spring.artemis.mode", "embedded"))).isNull();
		assertThat(embeddedEnabled(Map.of())).isNull();
	}

	@Test
	void anExplicitSettingWins() {
		assertThat(embeddedEnabled(Map.of("spring.artemis.mode", "native", EmbeddedBrokerSwitch.ENABLED, "true")))
			.isEqualTo("true");
	}

	private static String embeddedEnabled(Map<String, Object> settings) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
		new EmbeddedBrokerSwitch().postProcessEnvironment(environment, new SpringApplication());
		return environment.getProperty(EmbeddedBrokerSwitch.ENABLED);
	}

}

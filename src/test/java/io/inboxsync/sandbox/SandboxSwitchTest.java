package io.inboxsync.sandbox;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Configured credentials of either kind turn the sandbox off; without any, it serves. */
class SandboxSwitchTest {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(SandboxOnly.class);

	@Test
	void withoutCredentialsTheSandboxServes() {
		this.context.withPropertyValues("inbox-sync.wix.api-key=", "inbox-sync.wix.app-id=")
			.run((running) -> assertThat(running).hasBean("sandboxMarker"));
	}

	@Test
	void anApiKeyTurnsTheSandboxOff() {
		this.context.withPropertyValues("inbox-sync.wix.api-key=IST.key", "inbox-sync.wix.site-id=site")
			.run((running) -> assertThat(running).doesNotHaveBean("sandboxMarker"));
	}

	@Test
	void aWixAppTurnsTheSandboxOff() {
		this.context
			.withPropertyValues("inbox-sync.wix.app-id=app", "inbox-sync.wix.app-secret=secret",
					"inbox-sync.wix.instance-id=instance")
			.run((running) -> assertThat(running).doesNotHaveBean("sandboxMarker"));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWixSandbox
	static class SandboxOnly {

		@Bean
		String sandboxMarker() {
			return "the sandbox serves";
		}

	}

}

package io.inboxsync.sandbox;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.reply.WixWebhookController;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sandbox's Wix app sends its webhooks, by default to this inbox-sync. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWixSandbox
@EnableConfigurationProperties(SandboxWebhookProperties.class)
class SandboxWebhookConfiguration {

	@Bean
	SandboxWebhooks sandboxWebhooks(SandboxWebhookProperties settings, InboxSyncProperties properties,
			ObjectMapper objectMapper) {
		return new SandboxWebhooks(settings, properties.sandbox().app().id(), properties.sandbox().app().instanceId(),
				objectMapper, Clock.systemUTC());
	}

	/** The app's webhook URL by default: this inbox-sync's own, on its port. */
	@Bean
	ApplicationListener<WebServerInitializedEvent> sandboxWebhookTarget(SandboxWebhooks webhooks) {
		return (event) -> {
			if (event.getApplicationContext().getServerNamespace() == null) {
				webhooks
					.defaultTarget("http://localhost:" + event.getWebServer().getPort() + WixWebhookController.PATH);
			}
		};
	}

}

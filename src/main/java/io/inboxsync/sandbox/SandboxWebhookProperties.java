package io.inboxsync.sandbox;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Wix's side of webhooks, played by the sandbox ({@code inbox-sync.sandbox.webhooks.*}).
 *
 * @param target where the app's webhooks go; empty: this inbox-sync's own
 * {@code /wix/webhooks}
 * @param privateKey the key the sandbox signs webhooks with (PKCS#8 PEM); empty: a key
 * pair made at startup. Not a secret: the sandbox holds demo data only
 * @param retryDelays Wix tries a webhook again when it was not answered 200 within 1,250
 * ms: after each of these in turn, then it gives up
 * @param tokenLifetime how long a webhook's token is valid ({@code exp})
 */
@ConfigurationProperties("inbox-sync.sandbox.webhooks")
record SandboxWebhookProperties(String target, String privateKey, List<Duration> retryDelays, Duration tokenLifetime) {

	SandboxWebhookProperties {
		target = (target != null) ? target : "";
		privateKey = (privateKey != null) ? privateKey : "";
		retryDelays = (retryDelays != null) ? retryDelays
				: List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(10));
		tokenLifetime = (tokenLifetime != null) ? tokenLifetime : Duration.ofMinutes(5);
	}

}

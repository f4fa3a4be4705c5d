package io.inboxsync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.inboxsync.event.NoContactPolicy;
import io.inboxsync.sandbox.SandboxFault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of inbox-sync, under the prefix {@code inbox-sync.}. Defaults live in {@code application.yaml}, each
 * with the reason it is set.
 */
@Validated
@ConfigurationProperties("inbox-sync")
public record InboxSyncProperties(@NotNull Path dataDir, @Valid @NotNull Wix wix, @Valid @NotNull Sandbox sandbox,
		@Valid @NotNull Webhooks webhooks, @Valid @NotNull Pipeline pipeline, @Valid @NotNull Delivery delivery,
		@Valid @NotNull Api api, @Valid @NotNull Cache cache) {

	/** How to reach Wix. Without an API key the embedded sandbox answers instead. */
	public record Wix(String baseUrl, String apiKey, String siteId, @NotNull Duration connectTimeout,
			@NotNull Duration readTimeout, @Valid @NotNull RateLimit rateLimit,
			@Valid @NotNull CircuitBreaker circuitBreaker) {

		/** Our own pace, under Wix's limit of about 200 calls a minute per site. */
		public record RateLimit(@Positive int requestsPerMinute, @NotNull Duration maxWait) {
		}

		/** When most recent calls failed, stop calling for a while and then let a few probes through. */
		public record CircuitBreaker(@Positive int failureRatePercent, @Positive int slidingWindowCalls,
				@NotNull Duration openFor, @Positive int probes) {
		}


		public boolean hasCredentials() {
			return StringUtils.hasText(this.apiKey);
		}

		@Override
		public String toString() {
			return "Wix[baseUrl=" + this.baseUrl + ", siteId=" + this.siteId + ", apiKey="
					+ (hasCredentials() ? "<set>" : "<none>") + "]";
		}

	}

	/** The embedded Wix sandbox: the credentials it accepts and the contacts it starts with. */
	public record Sandbox(@NotNull String apiKey, @NotNull String siteId, @NotNull String seedContacts,
			@NotNull String businessName, List<SandboxFault> faults, @NotNull Duration hangLimit) {

		public Sandbox {
			faults = (faults != null) ? faults : List.of();
		}

		@Override
		public String toString() {
			return "Sandbox[siteId=" + this.siteId + ", seedContacts=" + this.seedContacts + "]";
		}

	}

	/** HTTP intake limits shared by every webhook source. */
	public record Webhooks(@NotNull DataSize maxBodySize) {
	}

	/** Retries of what Wix may accept later: 429, 5xx, timeouts, lost connections. */
	public record Delivery(@Positive int maxAttempts, @NotNull Duration initialBackoff, @NotNull Duration maxBackoff,
			@Positive double backoffMultiplier, @NotNull Duration sentCheckWindow) {
	}

	/** What inbox-sync remembers of Wix's answers, to spend fewer of the site's calls. */
	public record Cache(boolean enabled, @Valid @NotNull Sizing contacts, @Valid @NotNull Sizing conversations) {

		/** How many entries at most, and for how long. */
		public record Sizing(@Positive long maxSize, @NotNull Duration ttl) {
		}

	}

	/** The operator API under /api. */
	public record Api(String token) {

		@Override
		public String toString() {
			return "Api[token=" + ((this.token != null && !this.token.isBlank()) ? "<set>" : "<generated>") + "]";
		}

	}

	/** The pipeline that turns queued events into Wix messages. */
	public record Pipeline(@NotNull NoContactPolicy onNoContact, @Positive int contactPageSize, @Positive int consumers,
			@NotNull String queue) {
	}

}

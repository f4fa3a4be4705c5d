package io.inboxsync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.inboxsync.event.NoContactPolicy;
import io.inboxsync.sandbox.SandboxEmailMatch;
import io.inboxsync.sandbox.SandboxFault;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of inbox-sync, under the prefix {@code inbox-sync.}. Defaults live in
 * {@code application.yaml}, each with the reason it is set.
 */
@Validated
@ConfigurationProperties("inbox-sync")
public record InboxSyncProperties(@NotNull Path dataDir, @Valid @NotNull Wix wix, @Valid @NotNull Sandbox sandbox,
		@Valid @NotNull Webhooks webhooks, @Valid @NotNull Pipeline pipeline, @Valid @NotNull Delivery delivery,
		@Valid @NotNull Api api, @Valid @NotNull Cache cache, @Valid @NotNull Broker broker,
		@Valid @NotNull Kafka kafka, @Valid @NotNull DeadLetters deadLetters, @Valid @NotNull Folders folders) {

	/**
	 * How to reach Wix: an API key with its site id, or a Wix app (id, secret and the
	 * site's instance id). With neither, the embedded sandbox answers instead.
	 */
	public record Wix(String baseUrl, String apiKey, String siteId, String appId, String appSecret, String instanceId,
			@NotNull Duration connectTimeout, @NotNull Duration readTimeout, @Valid @NotNull RateLimit rateLimit,
			@Valid @NotNull CircuitBreaker circuitBreaker) {

		/**
		 * Our own pace, under Wix's limit of about 200 calls a minute per site: so many
		 * turns a minute, of which up to {@code burst} may be taken at once after a quiet
		 * spell (any minute then holds at most requests-per-minute + burst calls).
		 */
		public record RateLimit(@Positive int requestsPerMinute, @Positive int burst, @NotNull Duration maxWait) {
		}

		/**
		 * When most recent calls failed, stop calling for a while and then let a few
		 * probes through.
		 */
		public record CircuitBreaker(@Positive int failureRatePercent, @Positive int slidingWindowCalls,
				@NotNull Duration openFor, @Positive int probes) {
		}

		/** The one rule that chooses between the real Wix and the sandbox. */
		public boolean hasCredentials() {
			return StringUtils.hasText(this.apiKey) || StringUtils.hasText(this.appId);
		}

		public boolean usesApp() {
			return !StringUtils.hasText(this.apiKey) && StringUtils.hasText(this.appId);
		}

		@Override
		public String toString() {
			return "Wix[baseUrl=" + this.baseUrl + ", siteId=" + this.siteId + ", apiKey="
					+ (StringUtils.hasText(this.apiKey) ? "<set>" : "<none>") + ", appId=" + this.appId + ", appSecret="
					+ (StringUtils.hasText(this.appSecret) ? "<set>" : "<none>") + ", instanceId=" + this.instanceId
					+ "]";
		}

	}

	/**
	 * The embedded Wix sandbox: the credentials it accepts (an API key and site, and one
	 * Wix app installed on that site), the contacts it starts with, and Wix's rate limit.
	 */
	public record Sandbox(@NotNull String apiKey, @NotNull String siteId, @NotNull String seedContacts,
			@NotNull String businessName, @Valid @NotNull App app, @Valid @NotNull RateLimit rateLimit,
			List<SandboxFault> faults, @NotNull Duration hangLimit, @NotNull SandboxEmailMatch emailMatch) {

		public Sandbox {
			faults = (faults != null) ? faults : List.of();
		}

		@Override
		public String toString() {
			return "Sandbox[siteId=" + this.siteId + ", seedContacts=" + this.seedContacts + ", app=" + this.app
					+ ", rateLimit=" + this.rateLimit + "]";
		}

		/**
		 * The Wix app the sandbox knows, and how long the access tokens it issues last.
		 */
		public record App(@NotNull String id, @NotNull String secret, @NotNull String instanceId,
				@NotNull Duration tokenLifetime) {

			@Override
			public String toString() {
				return "App[id=" + this.id + ", instanceId=" + this.instanceId + ", tokenLifetime=" + this.tokenLifetime
						+ "]";
			}

		}

		/**
		 * Wix's per-site limit: requests per minute, and whether a 429 says when to come
		 * back.
		 */
		public record RateLimit(@Positive int requestsPerMinute, boolean retryAfter) {
		}

	}

	/** HTTP intake limits shared by every webhook source. */
	public record Webhooks(@NotNull DataSize maxBodySize, @NotNull Duration bodyTimeout) {
	}

	/**
	 * Retries of what Wix may accept later: 429, 5xx, timeouts, lost connections; and how
	 * long the ledger of deliveries Wix accepted remembers each one (a bare number is
	 * days: a ledger that forgot within minutes would let redeliveries send twice).
	 */
	public record Delivery(@Positive int maxAttempts, @NotNull Duration initialBackoff, @NotNull Duration maxBackoff,
			@Positive double backoffMultiplier, @NotNull Duration sentCheckWindow, @Positive int consumers,
			@NotNull String queue,
			@NotNull @DurationMin(days = 1) @DurationUnit(ChronoUnit.DAYS) Duration ledgerRetention) {
	}

	/**
	 * How long a dead letter is kept once replayed or discarded (a bare number is days).
	 * Open ones are kept until an operator closes them.
	 */
	public record DeadLetters(@NotNull @DurationMin(days = 1) @DurationUnit(ChronoUnit.DAYS) Duration closedRetention) {
	}

	/**
	 * How long a folder source's read lock on a file holds once its holder stopped
	 * renewing it (it died mid-file), before another instance may read the file.
	 */
	public record Folders(@NotNull @DurationMin(seconds = 1) Duration readLockExpiry,
			@Min(1) @Max(10_000) int linesPerCommit, @NotNull DataSize maxEventSize) {

		/** The setting of {@link #maxEventSize()}, as refusals name it. */
		public static final String MAX_EVENT_SIZE = "inbox-sync.folders.max-event-size";

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

	/**
	 * The broker: how producers outside inbox-sync's JVM reach the embedded one, and
	 * whether inbox-sync sets up the pipeline's queues on an external one at startup.
	 */
	public record Broker(@Valid @NotNull Acceptor acceptor, boolean configureExternalQueues) {

		/**
		 * A port on which the broker takes Core and AMQP connections from outside,
		 * authenticated with one user and password, allowed only to send to sources'
		 * queues. Off: only inbox-sync itself, in the same JVM, reaches it.
		 */
		public record Acceptor(boolean enabled, @NotNull String host, @Min(1) @Max(65535) int port, String user,
				String password) {

			public boolean hasCredentials() {
				return StringUtils.hasText(this.user) && StringUtils.hasText(this.password);
			}

			@Override
			public String toString() {
				return "Acceptor[enabled=" + this.enabled + ", host=" + this.host + ", port=" + this.port + ", user="
						+ this.user + ", password=" + (StringUtils.hasText(this.password) ? "<set>" : "<none>") + "]";
			}

		}

	}

	/**
	 * The Kafka cluster that Kafka sources (routes/templates/kafka-source.yaml) read, and
	 * how to sign in to it. Nothing connects to it until a Kafka source is loaded.
	 */
	public record Kafka(@NotNull String bootstrapServers, @NotNull String securityProtocol, String saslMechanism,
			String saslJaasConfig, String sslTruststoreLocation, String sslTruststorePassword) {

		@Override
		public String toString() {
			return "Kafka[bootstrapServers=" + this.bootstrapServers + ", securityProtocol=" + this.securityProtocol
					+ ", saslMechanism=" + this.saslMechanism + ", saslJaasConfig="
					+ (StringUtils.hasText(this.saslJaasConfig) ? "<set>" : "<none>") + ", sslTruststoreLocation="
					+ this.sslTruststoreLocation + "]";
		}

	}

	/** The pipeline that turns queued events into Wix messages. */
	public record Pipeline(@NotNull NoContactPolicy onNoContact, @Positive int contactPageSize, @Positive int consumers,
			@NotNull String queue) {
	}

}

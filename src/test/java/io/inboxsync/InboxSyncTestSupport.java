package io.inboxsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.source.FolderReadLocks;
import io.inboxsync.source.RunningSources;
import io.inboxsync.source.SourceCompiler;
import io.inboxsync.source.SourceFolder;
import io.inboxsync.source.SourceFolder.SourceFileStatus;
import io.inboxsync.web.OperatorApiToken;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.StringUtils;

/**
 * One running inbox-sync for every test class (same configuration, so Spring reuses the
 * context), with its state in a fresh data dir and the embedded Wix sandbox as Wix. Tests
 * talk HTTP to it like a user would. Metrics, tracing and Camel's JMX (which Camel
 * JBang's commands read) are on, as when it runs; the spans it finishes can be recorded
 * ({@link RecordedSpans}).
 */
@CamelSpringBootTest
@DisableJmx(false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@Import(RecordedSpans.class)
public abstract class InboxSyncTestSupport {

	private static final Path DATA_DIR = createDataDir();

	@LocalServerPort
	protected int port;

	@Autowired
	protected CamelContext camelContext;

	/**
	 * This context's data dir: {@link #dataDir()}, or another one for a test
	 * {@link OnPostgres}.
	 */
	@Value("${inbox-sync.data-dir}")
	private Path runningDataDir;

	@Value("${" + OperatorApiToken.PROPERTY + ":}")
	private String configuredToken;

	@Autowired
	private SourceCompiler sourceCompiler;

	@Autowired
	private RunningSources runningSources;

	/** The sources tests make for themselves, per running inbox-sync. */
	private static final Map<CamelContext, SourceFolder> TEST_SOURCES = new ConcurrentHashMap<>();

	@Autowired
	@Qualifier("inboxSyncDeliveries")
	private IdempotentRepository deliveries;

	protected SandboxWix wix;

	protected Api api;

	/**
	 * The SMS example's signing secret, as the environment would give it
	 * (INBOX_SYNC_SOURCES_SMS_SECRET).
	 */
	protected static final String SMS_SECRET = "test-sms-signing-secret";

	/**
	 * The signing secrets of the sources webhook signature tests make, current and before
	 * a rotation.
	 */
	protected static final String SIGNING_SECRET = "test-signing-secret";

	protected static final String PREVIOUS_SIGNING_SECRET = "test-signing-secret-before-rotation";

	/**
	 * The token Meta's subscription handshake presents to the sources those tests make.
	 */
	protected static final String META_VERIFY_TOKEN = "test-meta-verify-token";

	/**
	 * The signing secrets of the gallery's sources (routes/gallery/), by source name, as
	 * the environment would give them (INBOX_SYNC_SOURCES_STRIPE_PAYMENTS_SECRET, …).
	 */
	protected static final Map<String, String> GALLERY_SECRETS = Map.of("stripe-payments", "whsec_test_stripe_payments",
			"calendly-bookings", "test-calendly-signing-key", "twilio-sms", "test-twilio-auth-token",
			"whatsapp-messages", "test-meta-app-secret", "shopify-orders", "test-shopify-webhook-key",
			"zendesk-tickets", "test-zendesk-signing-secret", "intercom-conversations", "test-intercom-client-secret",
			"hubspot-form-submissions", "test-hubspot-client-secret", "slack-messages", "test-slack-signing-secret",
			"clerk-users", "whsec_dGVzdC1jbGVyay1zdml4LXNpZ25pbmcta2V5");

	/**
	 * The token Meta's subscription handshake presents to the gallery's WhatsApp source.
	 */
	protected static final String GALLERY_WHATSAPP_VERIFY_TOKEN = "test-whatsapp-verify-token";

	/**
	 * Stand-ins for the channels replies go to (Twilio, WhatsApp), one for the whole run.
	 */
	protected static final StandInChannels CHANNELS = StandInChannels.start();

	/** The key the sandbox signs its webhooks with, so tests can sign theirs too. */
	protected static final WixWebhookTokens SANDBOX_WEBHOOK_KEY = WixWebhookTokens.newKey();

	/** The Twilio account the reply sink uses, in tests. */
	protected static final String TWILIO_ACCOUNT_SID = "ACtest0000";

	protected static final String TWILIO_AUTH_TOKEN = "test-twilio-reply-token";

	protected static final String TWILIO_FROM = "+14155550000";

	/** Where Twilio reports replies' delivery, as configured at Twilio: what it signs. */
	protected static final String TWILIO_STATUS_CALLBACK_URL = "https://hooks.example.com/webhooks/replies/twilio-status";

	protected static final String WHATSAPP_PHONE_NUMBER_ID = "106540352242922";

	protected static final String WHATSAPP_ACCESS_TOKEN = "test-whatsapp-access-token";

	/** The token of the HTTP channel a generic reply sink test calls. */
	protected static final String CRM_TOKEN = "test-crm-token";

	/** How long a folder read lock that is not renewed holds its file, in tests. */
	protected static final Duration FOLDER_READ_LOCK_EXPIRY = Duration.ofSeconds(3);

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("inbox-sync.data-dir", DATA_DIR::toString);
		registry.add("inbox-sync.sources.sms.secret", () -> SMS_SECRET);
		registry.add("inbox-sync.sources.test-token.token", () -> "t0ken");
		registry.add("inbox-sync.sources.test-signed.secret", () -> SIGNING_SECRET);
		registry.add("inbox-sync.sources.test-signed.previous-secret", () -> PREVIOUS_SIGNING_SECRET);
		registry.add("inbox-sync.sources.test-signed.verify-token", () -> META_VERIFY_TOKEN);
		GALLERY_SECRETS
			.forEach((source, secret) -> registry.add("inbox-sync.sources." + source + ".secret", () -> secret));
		registry.add("inbox-sync.sources.whatsapp-messages.verify-token", () -> GALLERY_WHATSAPP_VERIFY_TOKEN);
		// The whole suite is one site calling the sandbox far faster than Wix's 200 a
		// minute; the limit has its own test.
		registry.add("inbox-sync.sandbox.rate-limit.requests-per-minute", () -> Integer.MAX_VALUE);
	}

	@DynamicPropertySource
	static void testSpeed(DynamicPropertyRegistry registry) {
		// Retries and timeouts at test speed: the policy is the same, the clock is
		// faster.
		registry.add("inbox-sync.delivery.initial-backoff", () -> "50ms");
		registry.add("inbox-sync.delivery.max-backoff", () -> "500ms");
		registry.add("inbox-sync.delivery.max-attempts", () -> "6");
		registry.add("inbox-sync.wix.read-timeout", () -> "2s");
		// A webhook body that has not arrived after this long gets 408 (SlowSenderTest
		// waits for it).
		registry.add("inbox-sync.webhooks.body-timeout", () -> "2s");
		// Tests pace themselves through the sandbox's faults; the limiter is tested on
		// its own.
		registry.add("inbox-sync.wix.rate-limit.requests-per-minute", () -> "60000");
		// Replies: the sandbox signs with a key the tests know, retries its webhooks at
		// test speed; the channels are stand-ins.
		registry.add("inbox-sync.sandbox.webhooks.private-key", SANDBOX_WEBHOOK_KEY::privateKeyPem);
		registry.add("inbox-sync.sandbox.webhooks.retry-delays", () -> "200ms,500ms,1s");
		registry.add("inbox-sync.replies.twilio.api-url", () -> CHANNELS.url() + "/twilio");
		registry.add("inbox-sync.replies.twilio.account-sid", () -> TWILIO_ACCOUNT_SID);
		registry.add("inbox-sync.replies.twilio.auth-token", () -> TWILIO_AUTH_TOKEN);
		registry.add("inbox-sync.replies.twilio.from", () -> TWILIO_FROM);
		registry.add("inbox-sync.replies.twilio.status-callback-url", () -> TWILIO_STATUS_CALLBACK_URL);
		registry.add("inbox-sync.replies.whatsapp.api-url", () -> CHANNELS.url() + "/whatsapp/v21.0");
		registry.add("inbox-sync.replies.whatsapp.phone-number-id", () -> WHATSAPP_PHONE_NUMBER_ID);
		registry.add("inbox-sync.replies.whatsapp.access-token", () -> WHATSAPP_ACCESS_TOKEN);
		registry.add("inbox-sync.replies.test-crm.authorization", () -> "Bearer " + CRM_TOKEN);
		// A dead instance's folder read lock expires within a test's patience.
		registry.add(FolderReadLocks.EXPIRY_PROPERTY, () -> FOLDER_READ_LOCK_EXPIRY.toString());
	}

	@AfterEach
	void clearSandboxFaults() {
		this.wix.clearFaults();
	}

	protected static Path dataDir() {
		return DATA_DIR;
	}

	@BeforeEach
	void clients() {
		this.wix = new SandboxWix("http://localhost:" + this.port + "/wix-sandbox");
		this.api = new Api("http://localhost:" + this.port, operatorToken());
	}

	/**
	 * The operator API token: the one configured (on PostgreSQL), or else the one the
	 * service generated at first start, as an operator would read it.
	 */
	protected String operatorToken() {
		if (StringUtils.hasText(this.configuredToken)) {
			return this.configuredToken;
		}
		try {
			return Files.readString(this.runningDataDir.resolve("api-token")).trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException("the service did not store its operator API token", ex);
		}
	}

	/**
	 * Waits until the pipeline has recorded the delivery of this event to this contact as
	 * done: from then on nothing will send it again, so counting the conversation's
	 * messages is final.
	 */
	protected void awaitDelivered(String eventId, String contactId) {
		awaitDelivered("chat-tool", eventId, contactId);
	}

	protected void awaitDelivered(String source, String eventId, String contactId) {
		eventually().until(() -> this.deliveries.contains(source + "/" + eventId + "/" + contactId));
	}

	/**
	 * Waits for the one open dead letter of this event, and returns it as the operator
	 * API shows it.
	 */
	protected JsonNode awaitDeadLetter(String eventId) {
		return eventually()
			.until(() -> this.api.deadLetters("?eventId=" + eventId + "&status=OPEN"),
					(page) -> page.path("total").asInt() == 1)
			.path("deadLetters")
			.get(0);
	}

	/**
	 * An email no other test uses, so tests share one sandbox without seeing each other's
	 * contacts.
	 */
	protected static String uniqueEmail(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	protected static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
	}

	/**
	 * A webhook source made from the same template as the files in routes/sources/, for a
	 * test that needs other parameters than the shipped examples. Created once per name.
	 */
	/**
	 * Runs a webhook source made for one test, loaded as a file of the sources folder is
	 * (so with the same checks), from a folder of its own.
	 */
	protected void webhookSource(String name, Map<String, String> parameters) throws Exception {
		StringBuilder file = new StringBuilder("""
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    parameters:
				      - {name: name, value: "%s"}
				""".formatted(name));
		parameters.forEach((parameter, value) -> file
			.append("      - {name: '%s', value: '%s'}\n".formatted(parameter, value.replace("'", "''"))));
		// In this context's own data dir: another context (on PostgreSQL, say) loads its
		// own copy of the same file.
		Path testSources = this.runningDataDir.resolve("test-sources");
		SourceFolder folder = TEST_SOURCES.computeIfAbsent(this.camelContext, (context) -> new SourceFolder(context,
				testSources, Duration.ofHours(1), this.sourceCompiler, this.runningSources));
		Files.createDirectories(folder.folder());
		Path source = folder.folder().resolve(name + ".yaml");
		if (!Files.exists(source)) {
			Files.writeString(source, file.toString());
			folder.scan();
		}
		SourceFileStatus status = folder.status()
			.stream()
			.filter((loaded) -> loaded.file().equals(source.getFileName().toString()))
			.findFirst()
			.orElseThrow();
		if (status.error() != null) {
			throw new IllegalStateException(status.error());
		}
	}

	private static Path createDataDir() {
		try {
			return Files.createTempDirectory("inbox-sync-test-");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

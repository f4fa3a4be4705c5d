package io.inboxsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.source.RunningSources;
import io.inboxsync.source.SourceCompiler;
import io.inboxsync.source.SourceFolder;
import io.inboxsync.source.SourceFolder.SourceFileStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static io.inboxsync.source.signature.ProviderSignatures.calendly;
import static io.inboxsync.source.signature.ProviderSignatures.hubSignature256;
import static io.inboxsync.source.signature.ProviderSignatures.hubSpotV3;
import static io.inboxsync.source.signature.ProviderSignatures.intercom;
import static io.inboxsync.source.signature.ProviderSignatures.shopify;
import static io.inboxsync.source.signature.ProviderSignatures.slack;
import static io.inboxsync.source.signature.ProviderSignatures.standardWebhooks;
import static io.inboxsync.source.signature.ProviderSignatures.stripe;
import static io.inboxsync.source.signature.ProviderSignatures.twilio;
import static io.inboxsync.source.signature.ProviderSignatures.zendesk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gallery of ready sources (routes/gallery/): each file, loaded as a user would load
 * it after copying it into routes/sources/, takes its provider's published sample payload
 * (src/test/resources/gallery/, changed only to name a test customer), signed as the
 * provider signs it, and the message lands in that customer's sandbox conversation with
 * the exact text; the sample changed after signing is refused, and a payload of a type
 * the file does not take is ignored.
 */
class GallerySourcesTest extends InboxSyncTestSupport {

	private static final Path GALLERY = Path.of("routes/gallery");

	private static final Path SAMPLES = Path.of("src/test/resources/gallery");

	private static final String JSON = "application/json";

	private static final String FORM = "application/x-www-form-urlencoded";

	/**
	 * How a provider signs what it posts: the headers it adds to this body sent to this
	 * URL.
	 */
	@FunctionalInterface
	interface Signer {

		Map<String, String> headers(URI url, String body);

	}

	/**
	 * Each provider's signature, by gallery file, with the secret the test configures for
	 * it.
	 */
	private static final Map<String, Signer> SIGNERS = Map.of("stripe-payments",
			(url, body) -> stripe(secretOf("stripe-payments"), body, Instant.now()), "calendly-bookings",
			(url, body) -> calendly(secretOf("calendly-bookings"), body, Instant.now()), "twilio-sms",
			(url, body) -> twilio(secretOf("twilio-sms"), url.toString(), body), "whatsapp-messages",
			(url, body) -> hubSignature256(secretOf("whatsapp-messages"), body), "shopify-orders",
			(url, body) -> shopify(secretOf("shopify-orders"), body), "zendesk-tickets",
			(url, body) -> zendesk(secretOf("zendesk-tickets"), body, Instant.now()), "intercom-conversations",
			(url, body) -> intercom(secretOf("intercom-conversations"), body), "hubspot-form-submissions",
			(url, body) -> hubSpotV3(secretOf("hubspot-form-submissions"), "POST", url.toString(), body, Instant.now()),
			"slack-messages", (url, body) -> slack(secretOf("slack-messages"), body, Instant.now()), "clerk-users",
			(url, body) -> standardWebhooks(secretOf("clerk-users"),
					"msg_" + UUID.randomUUID().toString().replace("-", ""), body, Instant.now()));

	/**
	 * The start of the placeholder a file ships with as its {@code publicUrl} (Twilio,
	 * HubSpot: they sign the URL they call) until the user sets that URL; the test sets
	 * the URL it posts to.
	 */
	private static final String PUBLIC_URL_PLACEHOLDER = "\"https://<your host>/webhooks/";

	/** How a sample names its customer. */
	enum Customer {

		/** {@code {{EMAIL}}} in a JSON sample. */
		EMAIL,

		/** {@code {{PHONE}}} in a form: +E.164, form-encoded. */
		FORM_PHONE,

		/**
		 * {@code {{PHONE}}} in JSON, as WhatsApp writes it: international digits without
		 * the +.
		 */
		DIGITS_PHONE

	}

	/**
	 * A provider's published sample and what it must become in the conversation.
	 *
	 * @param file the gallery file that takes it
	 * @param sample the file under src/test/resources/gallery/
	 * @param publishedIn where the provider publishes the sample
	 */
	record Sample(String file, String sample, String contentType, Customer customer, String eventId, String kind,
			String text, String badge, String publishedIn) {

		String provider() {
			return this.file.replace(".yaml", "");
		}

		@Override
		public String toString() {
			return this.sample;
		}

	}

	static final List<Sample> SAMPLES_BY_FILE = List.of(
			new Sample("stripe-payments.yaml", "stripe-payments.json", JSON, Customer.EMAIL,
					"evt_1NG8Du2eZvKYlo2CUI79vXWy", "MINIMAL", "Paid $21.98 with Stripe Checkout", "Stripe",
					"Stripe API reference, The Event object and The Checkout Session object (docs.stripe.com/api)"),
			new Sample("calendly-bookings.yaml", "calendly-bookings.json", JSON, Customer.EMAIL,
					"invitee.created https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA",
					"MINIMAL", "Booked 15 Minute Meeting for Mon 23 Nov, 18:00", "Calendly",
					"Calendly developer docs, Webhook payload, invitee.created (developer.calendly.com)"),
			new Sample("calendly-bookings.yaml", "calendly-bookings-canceled.json", JSON, Customer.EMAIL,
					"invitee.canceled https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/AAAAAAAAAAAAAAAA",
					"MINIMAL", "Cancelled 15 Minute Meeting on Mon 23 Nov, 18:00", "Calendly",
					"Calendly developer docs, Webhook payload, invitee.canceled (developer.calendly.com)"),
			new Sample("twilio-sms.yaml", "twilio-sms.txt", FORM, Customer.FORM_PHONE,
					"SM1b2c3d4e5f60718293a4b5c6d7e8f901", "BASIC", "Ahoy! We can't wait to see what you build.", "SMS",
					"Twilio docs, Twilio's request to your incoming message Webhook URL "
							+ "(twilio.com/docs/messaging/guides/webhook-request)"),
			new Sample("whatsapp-messages.yaml", "whatsapp-messages.json", JSON, Customer.DIGITS_PHONE,
					"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", "BASIC",
					"Does it come in another color?", "WhatsApp",
					"Meta for Developers, WhatsApp Cloud API, Webhooks, messages: text message example "
							+ "(developers.facebook.com/docs/whatsapp)"),
			new Sample("shopify-orders.yaml", "shopify-orders.json", JSON, Customer.EMAIL,
					"gid://shopify/Order/820982911946154508", "MINIMAL", "Order #9999 placed: 403.00 USD", "Shopify",
					"Shopify dev docs, Webhooks reference, orders/create example payload (shopify.dev/docs/api/webhooks)"),
			new Sample("zendesk-tickets.yaml", "zendesk-tickets.json", JSON, Customer.EMAIL, "ticket 35436 created",
					"MINIMAL", "Ticket #35436 opened: My printer is on fire!", "Zendesk",
					"Zendesk help, Creating webhooks to interact with third-party systems: the trigger's JSON body of "
							+ "ticket placeholders given in the gallery file, as Zendesk fills it in"),
			new Sample("intercom-conversations.yaml", "intercom-conversations.json", JSON, Customer.EMAIL, "403918311",
					"BASIC", "Hi, can I change my delivery address?", "Intercom",
					"Intercom developer docs, Webhooks, Webhook models: notification for conversation.user.created "
							+ "(developers.intercom.com)"),
			new Sample("intercom-conversations.yaml", "intercom-conversations-replied.json", JSON, Customer.EMAIL,
					"4412", "BASIC", "It's 22 Baker Street now.", "Intercom",
					"Intercom developer docs, Webhook models: the conversation.user.created notification above as "
							+ "conversation.user.replied sends it, with the customer's reply as its one conversation "
							+ "part (Conversation part model)"),
			new Sample("hubspot-form-submissions.yaml", "hubspot-form-submissions.json", JSON, Customer.EMAIL,
					"contact 3234574 conversion 1484915989198", "MINIMAL", "Submitted Contact Us: Website form",
					"HubSpot",
					"HubSpot legacy Contacts API v1, Get a contact by ID: the contact record a workflow's Send a "
							+ "webhook action posts (developers.hubspot.com)"),
			new Sample("slack-messages.yaml", "slack-messages.json", JSON, Customer.EMAIL, "Ev123ABC456", "BASIC",
					"Hello world", "Slack",
					"Slack API docs, Events API: the event_callback wrapper with the message event example "
							+ "(api.slack.com/apis/events-api, api.slack.com/events/message)"),
			new Sample("clerk-users.yaml", "clerk-users.json", JSON, Customer.EMAIL,
					"user.created user_29w83sxmDNGwOuEthce5gg56FcC", "MINIMAL", "Created an account", "Clerk",
					"Clerk docs, Webhooks overview: user.created example payload (clerk.com/docs/webhooks/overview)"));

	/**
	 * The customer a gallery file that cannot read one from the payload names: Slack's
	 * shared channel.
	 */
	private static final String NAMED_CUSTOMER = "customer@example.com";

	@TempDir
	Path sources;

	@Autowired
	SourceCompiler compiler;

	@Autowired
	RunningSources running;

	private SourceFolder folder;

	@AfterEach
	void removeSources() {
		if (this.folder != null) {
			this.folder.close();
		}
	}

	@Test
	void everyGalleryFileHasASample() throws IOException {
		try (Stream<Path> files = Files.list(GALLERY)) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.containsExactlyInAnyOrderElementsOf(SAMPLES_BY_FILE.stream().map(Sample::file).distinct().toList())
				.hasSizeGreaterThanOrEqualTo(10);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("samples")
	void theProvidersSampleLandsInTheCustomersConversation(Sample sample) {
		String email = uniqueEmail(sample.provider());
		String phone = "+1415" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
		String contactId = (sample.customer() == Customer.EMAIL) ? this.wix.createContact(email)
				: this.wix.createContactWithPhone(phone, "US");
		load(sample.file(), email);

		Api.Reply reply = post(sample.provider(), sampleFor(sample, email, phone));

		assertThat(reply.status()).as(reply.body()).isEqualTo(202);
		assertThat(reply.json().path("eventId").asText()).isEqualTo(sample.eventId());
		awaitDelivered(sample.provider(), sample.eventId(), contactId);
		List<JsonNode> messages = this.wix.messages(contactId);
		assertThat(messages).hasSize(1);
		JsonNode message = messages.get(0);
		String content = sample.kind().equals("BASIC") ? "basic" : "minimal";
		JsonNode text = message.path("content").path(content);
		assertThat(sample.kind().equals("BASIC") ? text.path("items").get(0).path("text").asText()
				: text.path("text").asText())
			.isEqualTo(sample.text());
		assertThat(message.path("direction").asText()).isEqualTo("PARTICIPANT_TO_BUSINESS");
		assertThat(message.path("visibility").asText()).isEqualTo("BUSINESS");
		assertThat(message.path("badges")).hasSize(1);
		assertThat(message.path("badges").get(0).path("text").asText()).isEqualTo(sample.badge());
	}

	static Stream<Sample> samples() {
		return SAMPLES_BY_FILE.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tamperedSamples")
	void aSampleChangedAfterTheProviderSignedItIsRefused(String sampleName, UnaryOperator<String> tamper) {
		Sample sample = sampleNamed(sampleName);
		load(sample.file(), "jane@example.com");
		String signed = sampleFor(sample, "jane@example.com", "+14155550123");
		String tampered = tamper.apply(signed);

		Api.Reply reply = post(sample.provider(), signed, tampered);

		assertThat(reply.status()).as(reply.body()).isEqualTo(401);
		assertThat(reply.headers().getContentType()).isNotNull();
		assertThat(reply.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
		assertThat(reply.json().path("status").asInt()).isEqualTo(401);
		assertThat(reply.json().path("error").asText()).isEqualTo("Unauthorized");
		assertThat(reply.json().path("reason").asText()).startsWith("the signature in header ")
			.contains(" does not match ");
		assertThat(reply.body()).doesNotContain(GALLERY_SECRETS.get(sample.provider()));
	}

	/**
	 * One sample per gallery file, so per provider's scheme, and what a forger changes in
	 * it.
	 */
	static Stream<Arguments> tamperedSamples() {
		return Stream.of(
				Arguments.of("stripe-payments.json", replacing("\"amount_total\": 2198", "\"amount_total\": 98")),
				Arguments.of("calendly-bookings.json",
						replacing("\"name\": \"15 Minute Meeting\"", "\"name\": \"60 Minute Meeting\"")),
				Arguments.of("twilio-sms.txt", replacing("Body=Ahoy%21", "Body=Call+me%21")),
				Arguments.of("whatsapp-messages.json",
						replacing("Does it come in another color?", "Please cancel my order.")),
				Arguments.of("shopify-orders.json",
						replacing("\"total_price\": \"403.00\"", "\"total_price\": \"4.00\"")),
				Arguments.of("zendesk-tickets.json", replacing("My printer is on fire!", "Refund me")),
				Arguments.of("intercom-conversations.json",
						replacing("Hi, can I change my delivery address?", "Hi, please close my account.")),
				Arguments.of("hubspot-form-submissions.json",
						replacing("Contact Us: Website form", "Unsubscribe: Website form")),
				Arguments.of("slack-messages.json", replacing("\"text\": \"Hello world\"", "\"text\": \"Goodbye\"")),
				Arguments.of("clerk-users.json",
						replacing("\"first_name\": \"Example\"", "\"first_name\": \"Mallory\"")));
	}

	@Test
	void theWhatsAppSourceAnswersMetasSubscriptionHandshake() {
		load("whatsapp-messages.yaml", "jane@example.com");

		Api.Reply subscribed = this.api.send(HttpMethod.GET, "/webhooks/whatsapp-messages?hub.mode=subscribe"
				+ "&hub.verify_token=" + GALLERY_WHATSAPP_VERIFY_TOKEN + "&hub.challenge=1158201444", null, null,
				Map.of());
		Api.Reply wrongToken = this.api.send(HttpMethod.GET,
				"/webhooks/whatsapp-messages?hub.mode=subscribe" + "&hub.verify_token=guess&hub.challenge=1158201444",
				null, null, Map.of());

		assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(200);
		assertThat(subscribed.body()).isEqualTo("1158201444");
		assertThat(wrongToken.status()).isEqualTo(403);
	}

	@Test
	void theSlackSourceAnswersSlacksUrlVerification() {
		load("slack-messages.yaml", "jane@example.com");
		String challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
		String body = "{\"token\": \"Jhj5dZrVaK7ZwHHjRyZWjbDl\", \"challenge\": \"" + challenge
				+ "\", \"type\": \"url_verification\"}";

		Api.Reply verified = post("slack-messages", body);

		assertThat(verified.status()).as(verified.body()).isEqualTo(200);
		assertThat(verified.body()).isEqualTo(challenge);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "twilio-sms.yaml", "hubspot-form-submissions.yaml" })
	void aFileWhosePublicUrlIsStillThePlaceholderDoesNotLoad(String file) {
		String shipped = read(GALLERY.resolve(file));
		assertThat(shipped).contains(PUBLIC_URL_PLACEHOLDER);

		SourceFileStatus status = loadAsWritten(file, shipped);

		assertThat(status.error()).contains("publicUrl");
		assertThat(status.routeIds()).isEmpty();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("payloadsTheSourceDoesNotTake")
	void aPayloadOfAnotherKindIsIgnored(String sampleName, String kind, UnaryOperator<String> change, String reason) {
		Sample sample = sampleNamed(sampleName);
		String payload = change.apply(sampleFor(sample, "jane@example.com", "+14155550123"));

		Api.Reply reply = dryRun(sample.file(), sample.contentType(), payload);

		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		assertThat(reply.json().has("event")).isFalse();
		assertThat(reply.json().path("ignored").asText()).isEqualTo(reason);
	}

	static Stream<Arguments> payloadsTheSourceDoesNotTake() {
		return Stream.of(Arguments.of("stripe-payments.json", "another event type",
				replacing("\"type\": \"checkout.session.completed\"", "\"type\": \"checkout.session.expired\""),
				"acceptWhen: $.type == 'checkout.session.completed' is not true ($.type is 'checkout.session.expired')"),
				Arguments.of("stripe-payments.json", "a checkout completed but not yet paid",
						replacing("\"payment_status\": \"paid\"", "\"payment_status\": \"unpaid\""),
						"acceptWhen: $.data.object.payment_status == 'paid' is not true "
								+ "($.data.object.payment_status is 'unpaid')"),
				Arguments.of("calendly-bookings.json", "a no-show",
						replacing("\"event\": \"invitee.created\"", "\"event\": \"invitee_no_show.created\""),
						"acceptWhen: $.event in ['invitee.created', 'invitee.canceled'] is not true "
								+ "($.event is 'invitee_no_show.created')"),
				Arguments.of("whatsapp-messages.json", "a delivery status",
						(UnaryOperator<String>) (payload) -> read("whatsapp-messages-status.json"),
						"acceptWhen: $.entry[0].changes[0].value.messages[0].from is not true (no value)"),
				Arguments.of("intercom-conversations.json", "a teammate's reply",
						replacing("\"topic\": \"conversation.user.created\"",
								"\"topic\": \"conversation.admin.replied\""),
						"acceptWhen: $.topic in ['conversation.user.created', 'conversation.user.replied'] is not true "
								+ "($.topic is 'conversation.admin.replied')"),
				Arguments.of("slack-messages.json", "an edit",
						replacing("\"user\": \"U123ABC456\",", "\"subtype\": \"message_changed\","),
						"acceptWhen: $.event.subtype == null is not true ($.event.subtype is 'message_changed')"),
				Arguments.of("slack-messages.json", "an app's message",
						replacing("\"user\": \"U123ABC456\",", "\"user\": \"U123ABC456\", \"bot_id\": \"B123ABC456\","),
						"acceptWhen: $.event.bot_id == null is not true ($.event.bot_id is 'B123ABC456')"),
				Arguments.of("slack-messages.json", "a message in another channel",
						replacing("\"channel\": \"C123ABC456\"", "\"channel\": \"C0OTHER0001\""),
						"acceptWhen: $.event.channel == 'C123ABC456' is not true ($.event.channel is 'C0OTHER0001')"),
				Arguments.of("clerk-users.json", "a user update",
						replacing("\"type\": \"user.created\"", "\"type\": \"user.updated\""),
						"acceptWhen: $.type == 'user.created' is not true ($.type is 'user.updated')"));
	}

	private static Sample sampleNamed(String sampleName) {
		return SAMPLES_BY_FILE.stream().filter((each) -> each.sample().equals(sampleName)).findFirst().orElseThrow();
	}

	private static UnaryOperator<String> replacing(String original, String replacement) {
		return (payload) -> {
			assertThat(payload).contains(original);
			return payload.replace(original, replacement);
		};
	}

	/**
	 * Posts a sample to the source's webhook as the provider posts it, signed as the
	 * provider signs it. Signatures cover the exact bytes, so the body is sent as given.
	 */
	private Api.Reply post(String provider, String body) {
		return post(provider, body, body);
	}

	/** Posts a body other than the one the provider signed, as a forger would. */
	private Api.Reply post(String provider, String signedBody, String sentBody) {
		String path = "/webhooks/" + provider;
		Map<String, String> headers = SIGNERS.get(provider).headers(URI.create(publicUrl(provider)), signedBody);
		return this.api.send(HttpMethod.POST, path, contentTypeOf(provider), sentBody, headers);
	}

	/**
	 * The URL the test's provider calls, as a provider's own would be configured in it.
	 */
	private String publicUrl(String provider) {
		return "http://localhost:" + this.port + "/webhooks/" + provider;
	}

	private static String secretOf(String provider) {
		return GALLERY_SECRETS.get(provider);
	}

	/** The content type the provider posts with. */
	private static String contentTypeOf(String provider) {
		return SAMPLES_BY_FILE.stream()
			.filter((sample) -> sample.provider().equals(provider))
			.findFirst()
			.orElseThrow()
			.contentType();
	}

	/**
	 * Loads a gallery file as a file of the sources folder is loaded, from a folder of
	 * its own, with its public URL set, as a user sets it, to the URL the test posts to.
	 */
	private void load(String file, String customerEmail) {
		SourceFileStatus status = loadAsWritten(file, read(GALLERY.resolve(file)).replace(NAMED_CUSTOMER, customerEmail)
			.replace(PUBLIC_URL_PLACEHOLDER, "\"http://localhost:" + this.port + "/webhooks/"));
		assertThat(status.error()).isNull();
		assertThat(status.routeIds()).hasSize(1);
	}

	private SourceFileStatus loadAsWritten(String file, String source) {
		try {
			Files.writeString(this.sources.resolve(file), source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.folder = new SourceFolder(this.camelContext, this.sources, Duration.ofHours(1), this.compiler,
				this.running);
		this.folder.start();
		return this.folder.status().get(0);
	}

	/**
	 * The dry run of a gallery file, not loaded, on a payload: the event it makes, or why
	 * it ignores it.
	 */
	private Api.Reply dryRun(String file, String payloadType, String payload) {
		return this.api.dryRunFile(file, read(GALLERY.resolve(file)), payloadType, payload);
	}

	/** The sample, naming this customer. */
	private static String sampleFor(Sample sample, String email, String phone) {
		String text = read(sample.sample());
		return switch (sample.customer()) {
			case EMAIL -> text.replace("{{EMAIL}}", email);
			case FORM_PHONE -> text.replace("{{PHONE}}", URLEncoder.encode(phone, StandardCharsets.UTF_8));
			case DIGITS_PHONE -> text.replace("{{PHONE}}", phone.substring(1));
		};
	}

	private static String read(String sample) {
		return read(SAMPLES.resolve(sample));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

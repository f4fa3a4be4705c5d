package io.inboxsync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.reply.ReplyChannels;
import io.inboxsync.source.signature.ProviderSignatures;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies back to the channel, end to end: a customer writes through a source that names
 * a reply sink, a person of the business answers in the (sandbox's) dashboard, Wix's
 * webhook reaches inbox-sync, and the stand-in Twilio or WhatsApp receives the reply
 * once; never our own messages; a forged or expired webhook gets 401.
 */
class RepliesTest extends InboxSyncTestSupport {

	private static final String TWILIO_STATUS_PATH = "/webhooks/replies/twilio-status";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String SMS_SOURCE = "test-reply-sms";

	private static final String WHATSAPP_SOURCE = "test-reply-whatsapp";

	@Autowired
	@Qualifier("inboxSyncReplies")
	private IdempotentRepository repliesSent;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ReplyChannels replyChannels;

	@Test
	void aDashboardReplyReachesTheSmsCustomerOnceThroughTwilioWithItsAuth() throws Exception {
		Customer customer = smsCustomerWhoWrote();

		String text = "Your order is ready " + UUID.randomUUID();
		String messageId = replyInDashboard(customer.contactId(), text);

		StandInChannels.Request request = awaitOneRequest(messageId, text);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/twilio/2010-04-01/Accounts/" + TWILIO_ACCOUNT_SID + "/Messages.json");
		assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
			.encodeToString((TWILIO_ACCOUNT_SID + ":" + TWILIO_AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
		assertThat(request.contentType()).startsWith(FORM);
		assertThat(request.body()).contains("To=" + encoded(customer.phone()))
			.contains("From=" + encoded(TWILIO_FROM))
			.contains("Body=" + encoded(text));
	}

	@Test
	void aDashboardReplysPictureReachesTheSmsCustomerAsTwiliosMediaUrl() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		String text = "Here is the receipt " + UUID.randomUUID();
		String picture = "https://static.wixstatic.com/media/" + UUID.randomUUID() + ".png";

		String messageId = replyInDashboard(customer.contactId(),
				Map.of("items", List.of(Map.of("text", text), Map.of("image", Map.of("url", picture)))));

		assertThat(awaitOneRequest(messageId, text).body()).contains("Body=" + encoded(text))
			.contains("MediaUrl=" + encoded(picture));
	}

	@Test
	void aDashboardReplyReachesTheWhatsAppCustomerOnceThroughTheCloudApi() throws Exception {
		Customer customer = whatsAppCustomerWhoWrote();

		String text = "We open at nine " + UUID.randomUUID();
		String messageId = replyInDashboard(customer.contactId(), text);

		StandInChannels.Request request = awaitOneRequest(messageId, text);
		assertThat(request.path()).isEqualTo("/whatsapp/v21.0/" + WHATSAPP_PHONE_NUMBER_ID + "/messages");
		assertThat(request.authorization()).isEqualTo("Bearer " + WHATSAPP_ACCESS_TOKEN);
		JsonNode body = JSON.readTree(request.body());
		assertThat(body.path("messaging_product").asText()).isEqualTo("whatsapp");
		assertThat(body.path("to").asText()).isEqualTo(customer.phone().substring(1));
		assertThat(body.path("type").asText()).isEqualTo("text");
		assertThat(body.path("text").path("body").asText()).isEqualTo(text);
	}

	@Test
	void aWhatsAppReplysPartsAreSentOnceEachWhenALaterPartIsRetried() throws Exception {
		Customer customer = whatsAppCustomerWhoWrote();
		String text = "Your photos " + UUID.randomUUID();
		String picture = "https://static.wixstatic.com/media/" + UUID.randomUUID() + ".jpg";
		String invoice = "https://static.wixstatic.com/ugd/" + UUID.randomUUID() + ".pdf";
		CHANNELS.answer(picture, 503);

		String messageId = replyInDashboard(customer.contactId(),
				Map.of("items", List.of(Map.of("text", text), Map.of("image", Map.of("url", picture)),
						Map.of("file", Map.of("url", invoice, "filename", "invoice.pdf")))));

		eventually().until(() -> this.repliesSent.contains(messageId));
		assertThat(CHANNELS.requestsHolding(text)).extracting(StandInChannels.Request::status).containsExactly(200);
		List<StandInChannels.Request> pictures = CHANNELS.requestsHolding(picture);
		assertThat(pictures).extracting(StandInChannels.Request::status).containsExactly(503, 200);
		assertThat(JSON.readTree(pictures.get(1).body()).path("image").path("link").asText()).isEqualTo(picture);
		List<StandInChannels.Request> documents = CHANNELS.requestsHolding(invoice);
		assertThat(documents).extracting(StandInChannels.Request::status).containsExactly(200);
		JsonNode document = JSON.readTree(documents.get(0).body());
		assertThat(document.path("type").asText()).isEqualTo("document");
		assertThat(document.path("document").path("filename").asText()).isEqualTo("invoice.pdf");
	}

	@Test
	void aReplyWhatsAppReportsUndeliveredLaterBecomesAReplyDeadLetterThatReplaysOnce() throws Exception {
		Customer customer = whatsAppCustomerWhoWrote();
		String text = "Are you still there? " + UUID.randomUUID();
		String messageId = replyInDashboard(customer.contactId(), text);
		String wamid = wamidOf(awaitOneRequest(messageId, text));

		// A day later, WhatsApp reports the message undelivered (twice, as it may).
		for (int report = 0; report < 2; report++) {
			assertThat(postWhatsAppStatus(status(wamid, "failed", customer.phone()), 200))
				.isEqualTo("{\"statuses\":1}");
		}
		assertThat(postWhatsAppStatus(status("wamid.someone-elses", "failed", customer.phone()), 200))
			.isEqualTo("{\"statuses\":1}");

		JsonNode deadLetter = awaitDeadLetter(messageId);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("reply");
		assertThat(deadLetter.path("source").asText()).isEqualTo(WHATSAPP_SOURCE);
		assertThat(deadLetter.path("reason").asText()).isEqualTo("WhatsApp did not deliver the reply: 131047 "
				+ "Re-engagement message: Message failed to send because more than 24 hours have passed since the "
				+ "customer last replied to this number.");
		assertThat(this.api.deadLetters("?eventId=" + messageId).path("total").asInt()).isEqualTo(1);

		replay(deadLetter);
		eventually().until(() -> CHANNELS.requestsHolding(text).size() == 2);
		eventually().until(() -> this.repliesSent.contains(messageId));
		assertThat(CHANNELS.requestsHolding(text)).extracting(StandInChannels.Request::status)
			.containsExactly(200, 200);
	}

	@Test
	void whatsAppsOtherReportsAreAcknowledgedAndChangeNothing() throws Exception {
		Customer customer = whatsAppCustomerWhoWrote();
		String text = "Delivered fine " + UUID.randomUUID();
		String messageId = replyInDashboard(customer.contactId(), text);
		String wamid = wamidOf(awaitOneRequest(messageId, text));

		assertThat(postWhatsAppStatus(status(wamid, "delivered", customer.phone()), 200)).isEqualTo("{\"statuses\":1}");
		assertThat(postWhatsAppStatus(status(wamid, "read", customer.phone()), 200)).isEqualTo("{\"statuses\":1}");

		assertThat(this.api.deadLetters("?eventId=" + messageId).path("total").asInt()).isZero();
		assertThat(this.repliesSent.contains(messageId)).isTrue();
	}

	@Test
	void anSmsTwilioReportsUndeliveredBecomesAReplyDeadLetterThatReplaysOnce() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		String text = "Your table is ready " + UUID.randomUUID();
		String messageId = replyInDashboard(customer.contactId(), text);
		StandInChannels.Request sent = awaitOneRequest(messageId, text);
		assertThat(sent.body()).contains("StatusCallback=" + encoded(TWILIO_STATUS_CALLBACK_URL));
		String sid = JSON.readTree(sent.answer()).path("sid").asText();

		assertThat(postTwilioStatus(sid, "sent", "").status()).isEqualTo(200);
		assertThat(this.api.deadLetters("?eventId=" + messageId).path("total").asInt()).isZero();
		for (int report = 0; report < 2; report++) {
			assertThat(postTwilioStatus(sid, "undelivered", "30003").status()).isEqualTo(200);
		}

		JsonNode deadLetter = awaitDeadLetter(messageId);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("reply");
		assertThat(deadLetter.path("reason").asText())
			.isEqualTo("Twilio did not deliver the reply: undelivered (error 30003)");
		assertThat(this.api.deadLetters("?eventId=" + messageId).path("total").asInt()).isEqualTo(1);

		replay(deadLetter);
		eventually().until(() -> CHANNELS.requestsHolding(text).size() == 2);
		eventually().until(() -> this.repliesSent.contains(messageId));
	}

	@Test
	void aTwilioReportWithoutTwiliosSignatureIsRefusedWith401() {
		String form = "MessageSid=SM0000&MessageStatus=undelivered&ErrorCode=30003";

		Api.Reply forged = this.api.send(HttpMethod.POST, TWILIO_STATUS_PATH, FORM, form,
				Map.of("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl"));

		assertThat(forged.status()).isEqualTo(401);
		assertThat(forged.json().path("reason").asText())
			.isEqualTo("the signature in header X-Twilio-Signature does not match the URL and the form");
	}

	private Api.Reply postTwilioStatus(String sid, String status, String errorCode) {
		String form = "AccountSid=" + TWILIO_ACCOUNT_SID + "&MessageSid=" + sid + "&MessageStatus=" + status
				+ (errorCode.isEmpty() ? "" : "&ErrorCode=" + errorCode);
		return this.api.send(HttpMethod.POST, TWILIO_STATUS_PATH, FORM, form,
				ProviderSignatures.twilio(TWILIO_AUTH_TOKEN, TWILIO_STATUS_CALLBACK_URL, form));
	}

	/** The id WhatsApp answered for the message it took. */
	private static String wamidOf(StandInChannels.Request request) throws Exception {
		return JSON.readTree(request.answer()).path("messages").path(0).path("id").asText();
	}

	/** WhatsApp Cloud API's status webhook for one message sent to a customer. */
	private static Map<String, Object> status(String wamid, String status, String phone) {
		Map<String, Object> report = new java.util.LinkedHashMap<>();
		report.put("id", wamid);
		report.put("status", status);
		report.put("timestamp", "1764558000");
		report.put("recipient_id", phone.substring(1));
		if ("failed".equals(status)) {
			report.put("errors",
					List.of(Map.of("code", 131047, "title", "Re-engagement message", "message", "Re-engagement message",
							"error_data", Map.of("details", "Message failed to send because more "
									+ "than 24 hours have passed since the customer last replied to this number."))));
		}
		return Map.of("object", "whatsapp_business_account", "entry",
				List.of(Map.of("id", "102290129340398", "changes", List.of(Map.of("field", "messages", "value",
						Map.of("messaging_product", "whatsapp", "statuses", List.of(report)))))));
	}

	private String postWhatsAppStatus(Map<String, Object> report, int expectedStatus) {
		Api.Reply answer = this.api.postJson(WHATSAPP_SOURCE, report);
		assertThat(answer.status()).as(answer.body()).isEqualTo(expectedStatus);
		return answer.body();
	}

	@Test
	void theGenericHttpSinkPostsTheFieldsItMapsWithItsAuthorization() throws Exception {
		if (this.camelContext.getRoute("inbox-sync-reply-sink-test-crm") == null) {
			TemplatedRouteBuilder.builder(this.camelContext, "inbox-sync-http-reply-sink")
				.routeId("inbox-sync-reply-sink-test-crm")
				.parameter("name", "test-crm")
				.parameter("url", CHANNELS.url() + "/crm/messages")
				.parameter("fields", "to=$.to&text=$.text&contact=$.contactId&channel=chat")
				.parameter("authorization", "inbox-sync.replies.test-crm.authorization")
				.add();
		}
		webhookSource("test-reply-chat",
				Map.of("eventId", "$.id", "email", "$.email", "text", "$.text", "replyVia", "test-crm"));
		String email = uniqueEmail("crm");
		String contactId = this.wix.createContact(email);
		String eventId = UUID.randomUUID().toString();
		assertThat(
				this.api.postJson("test-reply-chat", Map.of("id", eventId, "email", email, "text", "Hello")).status())
			.isEqualTo(202);
		awaitDelivered("test-reply-chat", eventId, contactId);

		String text = "Thanks for asking " + UUID.randomUUID();
		String messageId = replyInDashboard(contactId, text);

		StandInChannels.Request request = awaitOneRequest(messageId, text);
		assertThat(request.path()).isEqualTo("/crm/messages");
		assertThat(request.authorization()).isEqualTo("Bearer " + CRM_TOKEN);
		assertThat(request.contentType()).isEqualTo("application/json");
		assertThat(JSON.readTree(request.body()))
			.isEqualTo(JSON.valueToTree(Map.of("to", email, "text", text, "contact", contactId, "channel", "chat")));
	}

	@Test
	void ourOwnMessagesToTheCustomerAreNeverSentOut() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		double ownBefore = skipped("own-message");

		// The source records a message the business sent elsewhere: inbox-sync itself
		// writes it to the participant, and Wix announces it like any other.
		String text = "Sent from the shop's own phone " + UUID.randomUUID();
		String eventId = "SM" + UUID.randomUUID();
		assertThat(postSms(customer.phone(), text, eventId, "&Direction=outbound").status()).isEqualTo(202);
		awaitDelivered(SMS_SOURCE, eventId, customer.contactId());

		eventually().until(() -> skipped("own-message") > ownBefore);
		assertThat(CHANNELS.requestsHolding(text)).isEmpty();
		// Known as ours by its sender (the app), and also by what we were sending, for a
		// Wix that announces it before our send has its id.
		assertThat(this.replyChannels.isOwnOutbound(this.wix.conversationOf(customer.contactId()), text)).isTrue();
		assertThat(this.replyChannels.isOwnOutbound(this.wix.conversationOf(customer.contactId()), text + "!"))
			.isFalse();
	}

	@Test
	void aForgedOrExpiredWebhookIsRefusedWith401() {
		Map<String, Object> body = Map.of("conversationId", "c1", "message", Map.of("id", "1"));
		String forged = WixWebhookTokens.newKey()
			.token(UUID.randomUUID().toString(), "wix.crm.inbox.v2.message", "message_sent_to_participant", body,
					Instant.now().plusSeconds(300));
		String expired = SANDBOX_WEBHOOK_KEY.token(UUID.randomUUID().toString(), "wix.crm.inbox.v2.message",
				"message_sent_to_participant", body, Instant.now().minus(Duration.ofMinutes(5)));

		Api.Reply forgedAnswer = postWixWebhook(forged);
		Api.Reply expiredAnswer = postWixWebhook(expired);
		Api.Reply garbage = postWixWebhook("not-a-token");

		assertThat(forgedAnswer.status()).isEqualTo(401);
		assertThat(forgedAnswer.json().path("reason").asText())
			.isEqualTo("the webhook's signature does not match the Wix app's public key");
		assertThat(forgedAnswer.body()).doesNotContain(forged.substring(0, 20));
		assertThat(expiredAnswer.status()).isEqualTo(401);
		assertThat(expiredAnswer.json().path("reason").asText()).isEqualTo("the webhook has expired");
		assertThat(garbage.status()).isEqualTo(401);
		assertThat(garbage.json().path("error").asText()).isEqualTo("Unauthorized");
		assertThat(postWixWebhook("x".repeat(2 * 1024 * 1024)).status()).isEqualTo(413);
	}

	@Test
	void aWebhookWixSendsAgainSendsNothingTwice() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		String conversationId = this.wix.conversationOf(customer.contactId());
		String text = "Sent once " + UUID.randomUUID();
		String messageId = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
		String token = SANDBOX_WEBHOOK_KEY.token(UUID.randomUUID().toString(), "wix.crm.inbox.v2.message",
				"message_sent_to_participant",
				Map.of("conversationId", conversationId, "message",
						Map.of("id", messageId, "direction", "BUSINESS_TO_PARTICIPANT", "sender",
								Map.of("wixUserId", "test-user"), "content",
								Map.of("basic", Map.of("items", List.of(Map.of("text", text)))))),
				Instant.now().plusSeconds(300));

		Api.Reply first = postWixWebhook(token);
		Api.Reply again = postWixWebhook(token);

		assertThat(first.status()).isEqualTo(200);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("duplicate").asBoolean()).isTrue();
		awaitOneRequest(messageId, text);
	}

	@Test
	void aChannelAnswering503ThenSucceedingGetsTheReplyOnce() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		String text = "Try again " + UUID.randomUUID();
		CHANNELS.answer(text, 503);

		String messageId = replyInDashboard(customer.contactId(), text);

		eventually().until(() -> this.repliesSent.contains(messageId));
		assertThat(CHANNELS.requestsHolding(text)).extracting(StandInChannels.Request::status)
			.containsExactly(503, 200);
	}

	@Test
	void aChannelRefusingTheReplyLeavesAReplyDeadLetterThatReplays() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		String text = "Refused at first " + UUID.randomUUID();
		CHANNELS.answer(text, 400);

		String messageId = replyInDashboard(customer.contactId(), text);

		JsonNode deadLetter = awaitDeadLetter(messageId);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("reply");
		assertThat(deadLetter.path("source").asText()).isEqualTo(SMS_SOURCE);
		assertThat(deadLetter.path("reason").asText())
			.isEqualTo("reply sink twilio-sms: the channel answered 400: {\"code\":400,\"message\":\"refused by the "
					+ "stand-in\"}");
		assertThat(CHANNELS.requestsHolding(text)).hasSize(1);
		assertThat(this.repliesSent.contains(messageId)).isFalse();

		replay(deadLetter);
		eventually().until(() -> this.repliesSent.contains(messageId));
		assertThat(CHANNELS.requestsHolding(text)).extracting(StandInChannels.Request::status)
			.containsExactly(400, 200);
	}

	@Test
	void aReplyAfterWixMergedTheConversationStillFindsTheChannel() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		String old = this.wix.conversationOf(customer.contactId());
		JsonNode merged = this.wix.post("/_admin/conversations/" + old + "/merge", Map.of()).body();
		assertThat(merged.path("targetConversationId").asText()).isNotEqualTo(old);

		String text = "After the merge " + UUID.randomUUID();
		String messageId = replyInDashboard(customer.contactId(), text);

		awaitOneRequest(messageId, text);
		// The cached conversation followed the merge too: the customer's next message
		// goes straight to the new conversation, never to the old id (and its 404).
		long callsNamingOld = callsMatching(old);
		String eventId = "SM" + UUID.randomUUID();
		assertThat(postSms(customer.phone(), "Thanks!", eventId, "").status()).isEqualTo(202);
		awaitDelivered(SMS_SOURCE, eventId, customer.contactId());
		assertThat(callsMatching(old)).isEqualTo(callsNamingOld);
	}

	@Test
	void aReplyBeforeWixAnnouncesTheMergeFindsTheChannelThroughTheConversationsContact() throws Exception {
		Customer customer = smsCustomerWhoWrote();
		String old = this.wix.conversationOf(customer.contactId());
		this.wix.call("PUT", "/_admin/webhooks", Map.of("target", "http://localhost:9/nowhere"), Map.of());
		try {
			this.wix.post("/_admin/conversations/" + old + "/merge", Map.of());
			// Wix gave up announcing the merge: the reply below is the first inbox-sync
			// hears of
			// the new conversation.
			eventually().until(() -> {
				JsonNode merge = latestDelivery("conversations_merged");
				return merge != null && merge.path("attempts").asInt() > 3;
			});
		}
		finally {
			this.wix.call("PUT", "/_admin/webhooks", Map.of("target", ""), Map.of());
		}

		String text = "Before the merge is announced " + UUID.randomUUID();
		String messageId = replyInDashboard(customer.contactId(), text);

		assertThat(awaitOneRequest(messageId, text).body()).contains("To=" + encoded(customer.phone()));
		long callsNamingOld = callsMatching(old);
		String eventId = "SM" + UUID.randomUUID();
		assertThat(postSms(customer.phone(), "Got it", eventId, "").status()).isEqualTo(202);
		awaitDelivered(SMS_SOURCE, eventId, customer.contactId());
		assertThat(callsMatching(old)).isEqualTo(callsNamingOld);
	}

	private JsonNode latestDelivery(String slug) {
		for (JsonNode delivery : this.wix.get("/_admin/webhooks").body().path("deliveries")) {
			if (slug.equals(delivery.path("slug").asText())) {
				return delivery;
			}
		}
		return null;
	}

	private void replay(JsonNode deadLetter) {
		Api.Reply replayed = this.api.operator(HttpMethod.POST,
				"/api/dead-letters/" + deadLetter.path("id").asText() + "/replay");
		assertThat(replayed.status()).isEqualTo(202);
	}

	private long callsMatching(String text) {
		return this.wix.get("/_admin/calls?match=" + text).body().path("total").asLong();
	}

	/**
	 * A new customer with a phone, who wrote through the SMS source that replies via
	 * Twilio.
	 */
	private Customer smsCustomerWhoWrote() throws Exception {
		webhookSource(SMS_SOURCE, Map.of("eventId", "$.MessageSid", "phone", "$.From", "text", "$.Body", "direction",
				"$.Direction", "badgeText", "SMS", "replyVia", "twilio-sms"));
		String phone = uniquePhone();
		String contactId = this.wix.createContactWithPhone(phone, "US");
		String eventId = "SM" + UUID.randomUUID();
		assertThat(postSms(phone, "Is my order ready?", eventId, "").status()).isEqualTo(202);
		awaitDelivered(SMS_SOURCE, eventId, contactId);
		return new Customer(contactId, phone);
	}

	/**
	 * A new customer with a phone, who wrote through WhatsApp, which replies via
	 * WhatsApp.
	 */
	private Customer whatsAppCustomerWhoWrote() throws Exception {
		webhookSource(WHATSAPP_SOURCE, Map.of("eventId", "$.id", "phone", "+{{ $.from }}", "text", "$.text.body",
				"badgeText", "WhatsApp", "replyVia", "whatsapp"));
		String phone = uniquePhone();
		String contactId = this.wix.createContactWithPhone(phone, "US");
		String eventId = "wamid." + UUID.randomUUID();
		assertThat(this.api
			.postJson(WHATSAPP_SOURCE, Map.of("id", eventId, "from", phone.substring(1), "text", Map.of("body", "Hi")))
			.status()).isEqualTo(202);
		awaitDelivered(WHATSAPP_SOURCE, eventId, contactId);
		return new Customer(contactId, phone);
	}

	private Api.Reply postSms(String phone, String text, String eventId, String more) {
		return this.api.postWebhook(SMS_SOURCE, FORM,
				"MessageSid=" + eventId + "&From=" + encoded(phone) + "&Body=" + encoded(text) + more);
	}

	/** A person answers in the dashboard; the id of the message Wix stored. */
	private String replyInDashboard(String contactId, String text) {
		return replyInDashboard(contactId, Map.of("text", text));
	}

	/** A person answers with Wix's items; the id of the message Wix stored. */
	private String replyInDashboard(String contactId, Map<String, Object> reply) {
		SandboxWix.Response answer = this.wix.post("/_admin/contacts/" + contactId + "/reply", reply);
		assertThat(answer.status().value()).isEqualTo(200);
		return answer.body().path("message").path("id").asText();
	}

	/**
	 * Waits until the reply is recorded as sent, so nothing sends it again, and returns
	 * the one request the channel received.
	 */
	private StandInChannels.Request awaitOneRequest(String messageId, String text) {
		eventually().until(() -> this.repliesSent.contains(messageId));
		List<StandInChannels.Request> requests = CHANNELS.requestsHolding(text);
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private Api.Reply postWixWebhook(String token) {
		return this.api.send(HttpMethod.POST, "/wix/webhooks", "text/plain", token, Map.of());
	}

	private double skipped(String reason) {
		return this.meters.find("inbox.sync.replies.skipped")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static String uniquePhone() {
		return "+1415" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private record Customer(String contactId, String phone) {
	}

}

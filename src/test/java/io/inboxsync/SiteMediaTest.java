package io.inboxsync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Media Wix cannot fetch itself reaches the conversation through the site's media: a
 * WhatsApp picture or document (a media id, fetched with the business's token from a
 * stand-in Graph API) is uploaded into the sandbox's media; a provider URL Send Message
 * refuses ({@code INVALID_MEDIA_URL}: the sandbox refuses plain http) is imported, and an
 * import that fails leaves a dead letter saying so.
 */
class SiteMediaTest extends InboxSyncTestSupport {

	private static final String GRAPH_API_PATH = "/whatsapp/v21.0";

	private static final String WHATSAPP_MESSAGE = "$.entry[0].changes[0].value.messages[0]";

	@Test
	void aWhatsAppPictureReachesTheConversationAsAnImageOfTheSiteMedia() throws Exception {
		whatsAppSource();
		String phone = newPhone();
		String contactId = this.wix.createContactWithPhone(phone, "US");
		String mediaId = newMediaId();
		byte[] picture = bytes("a WhatsApp picture " + mediaId);
		CHANNELS.whatsAppMedia(GRAPH_API_PATH, mediaId, "image/jpeg", picture);
		String eventId = "wamid." + UUID.randomUUID();

		Api.Reply answer = this.api.postWebhook("test-whatsapp-media", "application/json",
				whatsAppMessage(eventId, phone, "image",
						"{\"caption\":\"My receipt\",\"mime_type\":\"image/jpeg\",\"id\":\"" + mediaId + "\"}"));

		assertThat(answer.status()).isEqualTo(202);
		awaitDelivered("test-whatsapp-media", eventId, contactId);
		JsonNode items = this.wix.messages(contactId).get(0).path("content").path("basic").path("items");
		assertThat(items).hasSize(2);
		assertThat(items.get(0).path("text").asText()).isEqualTo("My receipt");
		String url = items.get(1).path("image").path("url").asText();
		assertThat(url).startsWith(sandboxMediaUrl());
		assertThat(get(url)).isEqualTo(picture);
		assertThat(CHANNELS.requestsTo(GRAPH_API_PATH + "/" + mediaId)).singleElement()
			.extracting(StandInChannels.Request::authorization)
			.isEqualTo("Bearer " + WHATSAPP_ACCESS_TOKEN);
		assertThat(CHANNELS.requestsTo("/whatsapp-media/" + mediaId)).singleElement()
			.extracting(StandInChannels.Request::authorization)
			.isEqualTo("Bearer " + WHATSAPP_ACCESS_TOKEN);
	}

	@Test
	void aWhatsAppDocumentArrivesAsAFileWithItsName() throws Exception {
		whatsAppSource();
		String phone = newPhone();
		String contactId = this.wix.createContactWithPhone(phone, "US");
		String mediaId = newMediaId();
		byte[] document = bytes("%PDF the invoice " + mediaId);
		CHANNELS.whatsAppMedia(GRAPH_API_PATH, mediaId, "application/pdf", document);
		String eventId = "wamid." + UUID.randomUUID();

		this.api.postWebhook("test-whatsapp-media", "application/json", whatsAppMessage(eventId, phone, "document",
				"{\"filename\":\"invoice-2026-11.pdf\",\"mime_type\":\"application/pdf\",\"id\":\"" + mediaId + "\"}"));

		awaitDelivered("test-whatsapp-media", eventId, contactId);
		JsonNode items = this.wix.messages(contactId).get(0).path("content").path("basic").path("items");
		assertThat(items).hasSize(1);
		JsonNode file = items.get(0).path("file");
		assertThat(file.path("filename").asText()).isEqualTo("invoice-2026-11.pdf");
		assertThat(file.path("mimeType").asText()).isEqualTo("application/pdf");
		assertThat(file.path("url").asText()).startsWith(sandboxMediaUrl());
		assertThat(get(file.path("url").asText())).isEqualTo(document);
	}

	@Test
	void aMediaUrlSendMessageRefusesIsImportedAndTheMessageLandsWithTheImportedUrl() throws Exception {
		mediaUrlSource();
		String email = uniqueEmail("pictured");
		String contactId = this.wix.createContact(email);
		String eventId = UUID.randomUUID().toString();
		byte[] picture = bytes("a provider's picture " + eventId);
		String providerUrl = CHANNELS.serve("/provider/" + eventId + ".jpg", "image/jpeg", picture);

		this.api.postJson("test-media-urls", Map.of("id", eventId, "email", email, "text", "See attached", "media",
				List.of(Map.of("url", providerUrl, "mimeType", "image/jpeg"))));

		awaitDelivered("test-media-urls", eventId, contactId);
		JsonNode items = this.wix.messages(contactId).get(0).path("content").path("basic").path("items");
		assertThat(items).hasSize(2);
		String url = items.get(1).path("image").path("url").asText();
		assertThat(url).startsWith(sandboxMediaUrl());
		assertThat(get(url)).isEqualTo(picture);
		assertThat(CHANNELS.requestsTo("/provider/" + eventId + ".jpg")).hasSize(1);
	}

	@Test
	void aRefusedMediaUrlWixCannotImportLeavesADeadLetterSayingSo() throws Exception {
		mediaUrlSource();
		String email = uniqueEmail("unimportable");
		this.wix.createContact(email);
		String eventId = UUID.randomUUID().toString();
		String goneUrl = CHANNELS.url() + "/provider/gone-" + eventId + ".jpg";

		this.api.postJson("test-media-urls", Map.of("id", eventId, "email", email, "text", "See attached", "media",
				List.of(Map.of("url", goneUrl, "mimeType", "image/jpeg"))));

		JsonNode deadLetter = awaitDeadLetter(eventId);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("send");
		assertThat(deadLetter.path("reason").asText())
			.isEqualTo("Send Message refused a media URL (INVALID_MEDIA_URL) of the message's image at localhost, "
					+ "and Wix's Import File could not import it (operationStatus FAILED)");
	}

	private void whatsAppSource() throws Exception {
		webhookSource("test-whatsapp-media",
				Map.of("eventId", WHATSAPP_MESSAGE + ".id", "eventType", WHATSAPP_MESSAGE + ".type", "phone",
						"+{{ " + WHATSAPP_MESSAGE + ".from }}", "text[text]", WHATSAPP_MESSAGE + ".text.body",
						"text[image]", WHATSAPP_MESSAGE + ".image.caption", "text[document]",
						WHATSAPP_MESSAGE + ".document.caption", "text", "(a WhatsApp message)", "media", "whatsapp",
						"badgeText", "WhatsApp"));
	}

	private void mediaUrlSource() throws Exception {
		webhookSource("test-media-urls",
				Map.of("eventId", "$.id", "email", "$.email", "text", "$.text", "media", "$.media"));
	}

	private static String whatsAppMessage(String eventId, String phone, String type, String media) {
		return """
				{"object": "whatsapp_business_account", "entry": [{"id": "102290129340398", "changes": [{"field": "messages",
				  "value": {"messaging_product": "whatsapp", "contacts": [{"profile": {"name": "Ana"}, "wa_id": "%2$s"}],
				    "messages": [{"from": "%2$s", "id": "%1$s", "timestamp": "1764500000", "type": "%3$s", "%3$s": %4$s}]}}]}]}
				"""
			.formatted(eventId, phone.substring(1), type, media);
	}

	private String sandboxMediaUrl() {
		return "http://localhost:" + this.port + "/wix-sandbox/_media/files/";
	}

	private static byte[] get(String url) throws Exception {
		HttpResponse<byte[]> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(answer.statusCode()).isEqualTo(200);
		return answer.body();
	}

	private static String newPhone() {
		return "+1415" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
	}

	private static String newMediaId() {
		return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_999_999_999_999L));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

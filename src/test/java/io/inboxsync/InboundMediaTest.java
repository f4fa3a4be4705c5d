package io.inboxsync;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MMS with a picture reaches the customer's conversation as an image item beside its
 * text (a source with {@code media: twilio}).
 */
class InboundMediaTest extends InboxSyncTestSupport {

	@Test
	void anMmsWithAnImageReachesWixAsAnImageItem() throws Exception {
		webhookSource("test-mms", Map.of("eventId", "$.MessageSid", "phone", "$.From", "text", "$.Body", "media",
				"twilio", "badgeText", "SMS"));
		String phone = "+1415" + ThreadLocalRandom.current().nextInt(2_000_000, 9_999_999);
		String contactId = this.wix.createContactWithPhone(phone, "US");
		String eventId = "MM" + UUID.randomUUID();
		String image = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/" + eventId + "/Media/ME1";

		Api.Reply answer = this.api.postWebhook("test-mms", "application/x-www-form-urlencoded",
				"MessageSid=" + eventId + "&From=" + encoded(phone) + "&Body=" + encoded("Look at this")
						+ "&NumMedia=1&MediaUrl0=" + encoded(image) + "&MediaContentType0=image%2Fjpeg");

		assertThat(answer.status()).isEqualTo(202);
		awaitDelivered("test-mms", eventId, contactId);
		JsonNode items = this.wix.messages(contactId).get(0).path("content").path("basic").path("items");
		assertThat(items).hasSize(2);
		assertThat(items.get(0).path("text").asText()).isEqualTo("Look at this");
		assertThat(items.get(1).path("image").path("url").asText()).isEqualTo(image);
	}

	private static String encoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}

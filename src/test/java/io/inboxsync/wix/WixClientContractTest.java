package io.inboxsync.wix;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.InboxSyncTestSupport;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InboxEvent.Direction;
import io.inboxsync.event.InboxEvent.MessageKind;
import io.inboxsync.event.InboxEvent.Visibility;
import io.inboxsync.sandbox.WixContract;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request inbox-sync's Wix client sends keeps the Wix contract: each call goes
 * through the sandbox, which refuses anything that breaks the contract, and each shape of
 * Send Message body is checked against it directly.
 */
class WixClientContractTest extends InboxSyncTestSupport {

	private static final WixContract CONTRACT = WixContract.load();

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String CONVERSATION = "6202c3bb-f263-3c16-8c90-d6387d9ed420";

	private static final InboxEvent.Badge BADGE = new InboxEvent.Badge("SMS",
			"https://static.wixstatic.com/media/sms.png");

	@Autowired
	WixClient client;

	@Test
	void everyCallOfTheClientIsAcceptedByTheContract() {
		String email = uniqueEmail("contract-client");

		String contactId = this.client.createContact(new InboxEvent.Customer(email, "+14155550123", "Casey"));
		List<String> found = this.client.queryContacts("info.emails.email", email, 0, 10).ids();
		String conversationId = this.client.getOrCreateConversation(contactId);
		this.client.sendMessage(conversationId, message(MessageKind.BASIC, "Hello", BADGE));
		this.client.sendMessage(conversationId,
				new InboxEvent.Message(MessageKind.MINIMAL, "Booked Spa Treatment", Direction.BUSINESS_TO_PARTICIPANT,
						Visibility.BUSINESS, null, null, "https://static.wixstatic.com/media/booking.png",
						"https://bookings.example.com/bk-1"));
		int listed = this.client.listMessages(conversationId, "BUSINESS", 1, null).path("messages").size();

		assertThat(found).containsExactly(contactId);
		assertThat(listed).isEqualTo(1);
	}

	@Test
	void everyShapeOfSendMessageKeepsTheContract() throws Exception {
		List<InboxEvent.Message> messages = List.of(message(MessageKind.BASIC, "Hi", null),
				message(MessageKind.BASIC, "x".repeat(40_000), BADGE),
				message(MessageKind.MINIMAL, "y".repeat(20_000), BADGE),
				new InboxEvent.Message(MessageKind.BASIC, "Hi", Direction.PARTICIPANT_TO_BUSINESS, Visibility.BUSINESS,
						"p".repeat(300), null, null, null),
				message(MessageKind.BASIC, "", null).withMedia(List.of(
						new InboxEvent.Media(InboxEvent.MediaKind.IMAGE, "https://static.wixstatic.com/media/a.jpg",
								"image/jpeg", "f".repeat(300) + ".jpg", "4711"),
						new InboxEvent.Media(InboxEvent.MediaKind.FILE, "https://static.wixstatic.com/media/b.pdf",
								"application/pdf", "invoice.pdf", null))));

		for (InboxEvent.Message message : messages) {
			String body = JSON.writeValueAsString(SendMessageRequests.of(CONVERSATION, message));
			assertThat(CONTRACT.check("POST", "/inbox/v2/messages", Map.of(), body))
				.as(message.kind() + " " + message.text().length())
				.isEmpty();
		}
	}

	private static InboxEvent.Message message(MessageKind kind, String text, InboxEvent.Badge badge) {
		return new InboxEvent.Message(kind, text, Direction.PARTICIPANT_TO_BUSINESS, Visibility.BUSINESS, null, badge,
				null, null);
	}

}

package io.inboxsync.reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.source.RunningSources;
import io.inboxsync.source.SourceDefinition;
import io.inboxsync.wix.ConversationLookup;
import io.inboxsync.wix.WixUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Where a message the business wrote goes: the customer's source's sink, never our own
 * messages, skipped with a reason when there is nowhere to send it.
 */
class ReplyRouterTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ReplyChannels channels = mock(ReplyChannels.class);

	private final RunningSources sources = mock(RunningSources.class);

	private final ConversationLookup conversations = mock(ConversationLookup.class);

	private final ConversationMerges merges = mock(ConversationMerges.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ReplyChannels.Channel channel = new ReplyChannels.Channel("contact-1", "conversation-1", "sms", null,
			"+14155550123");

	@Test
	void aPersonsReplyGoesToTheSinkOfTheCustomersSource() throws Exception {
		knownChannel("twilio-sms");

		Reply reply = router("", null).replyOf(event("1", Map.of("wixUserId", "user-1"), textAndImage())).orElseThrow();

		assertThat(reply.sink()).isEqualTo("twilio-sms");
		assertThat(reply.to()).isEqualTo("+14155550123");
		assertThat(reply.text()).isEqualTo("Here it is");
		assertThat(reply.media())
			.containsExactly(new Reply.Media("image", "https://static.wixstatic.com/a.png", null, null));
	}

	@Test
	void ourOwnMessagesAreSkippedByAppIdOrByTheIdOurSendReturned() throws Exception {
		knownChannel("twilio-sms");
		given(this.channels.isOwnMessage("2")).willReturn(true);
		ReplyRouter router = router("", "our-app");

		assertThat(router.replyOf(event("1", Map.of("appId", "our-app"), textAndImage()))).isEmpty();
		assertThat(router.replyOf(event("2", Map.of("appId", "other-app"), textAndImage()))).isEmpty();
		assertThat(router.replyOf(event("3", Map.of("appId", "other-app"), textAndImage()))).isPresent();
		assertThat(skipped("own-message")).isEqualTo(2);
	}

	@Test
	void aMessageAnnouncedBeforeOurSendReturnedItsIdIsKnownByWhatWeWereSending() throws Exception {
		knownChannel("twilio-sms");
		given(this.channels.isOwnOutbound("conversation-1", "Here it is")).willReturn(true);
		ReplyRouter router = router("", null);

		assertThat(router.replyOf(event("1", Map.of("appId", "some-app"), textAndImage()))).isEmpty();
		// A person who writes the same text is not us.
		assertThat(router.replyOf(event("2", Map.of("wixUserId", "user-1"), textAndImage()))).isPresent();
		assertThat(skipped("own-message")).isEqualTo(1);
	}

	@Test
	void withoutAChannelOrASinkItIsSkippedUnlessThereIsADefaultSink() throws Exception {
		given(this.channels.ofConversation("conversation-1")).willReturn(Optional.empty());
		assertThat(router("", null).replyOf(event("1", Map.of("wixUserId", "u"), textAndImage()))).isEmpty();
		assertThat(skipped("no-channel")).isEqualTo(1);

		knownChannel("none");
		assertThat(router("", null).replyOf(event("2", Map.of("wixUserId", "u"), textAndImage()))).isEmpty();
		assertThat(skipped("no-sink")).isEqualTo(1);
		assertThat(
				router("crm", null).replyOf(event("3", Map.of("wixUserId", "u"), textAndImage())).orElseThrow().sink())
			.isEqualTo("crm");
	}

	@Test
	void aReplyToAConversationWixMergedWithoutSayingSoYetFindsItsChannelThroughTheContact() throws Exception {
		given(this.channels.ofConversation("conversation-1")).willReturn(Optional.empty());
		given(this.conversations.contactOf("conversation-1")).willReturn(Optional.of("contact-1"));
		given(this.channels.ofContact("contact-1")).willReturn(
				Optional.of(new ReplyChannels.Channel("contact-1", "conversation-0", "sms", null, "+14155550123")));
		knownSource("twilio-sms");

		Reply reply = router("", null).replyOf(event("1", Map.of("wixUserId", "u"), textAndImage())).orElseThrow();

		assertThat(reply.sink()).isEqualTo("twilio-sms");
		assertThat(reply.to()).isEqualTo("+14155550123");
		then(this.merges).should().follow(List.of("conversation-0"), "conversation-1");
	}

	@Test
	void aConversationWixDoesNotKnowOrWithSomeoneElseIsSkippedWithoutFollowingAnything() throws Exception {
		given(this.channels.ofConversation("conversation-1")).willReturn(Optional.empty());
		given(this.conversations.contactOf("conversation-1")).willReturn(Optional.empty());

		assertThat(router("", null).replyOf(event("1", Map.of("wixUserId", "u"), textAndImage()))).isEmpty();

		assertThat(skipped("no-channel")).isEqualTo(1);
		then(this.merges).shouldHaveNoInteractions();
	}

	@Test
	void whenWixCannotSayWhoseConversationItIsTheReplyIsSkippedAndTheQueueGoesOn() throws Exception {
		given(this.channels.ofConversation("conversation-1")).willReturn(Optional.empty());
		given(this.conversations.contactOf("conversation-1"))
			.willThrow(new WixUnavailableException("calls to Wix are paused", null));

		assertThat(router("", null).replyOf(event("1", Map.of("wixUserId", "u"), textAndImage()))).isEmpty();

		assertThat(skipped("no-channel")).isEqualTo(1);
		then(this.merges).shouldHaveNoInteractions();
	}

	@Test
	void minimalFormAndTemplateMessagesAreSentAsText() throws Exception {
		List<Reply.Media> media = new ArrayList<>();
		assertThat(ReplyRouter.text(JSON.readTree("{\"minimal\": {\"text\": \"Booked\"}}"), media)).isEqualTo("Booked");
		assertThat(ReplyRouter.text(
				JSON.readTree(
						"{\"form\": {\"title\": \"Quote\", \"fields\": [{\"name\": \"Total\", \"value\": \"$40\"}]}}"),
				media))
			.isEqualTo("Quote\nTotal: $40");
		assertThat(ReplyRouter.text(JSON.readTree("{\"template\": {\"title\": \"Hi\", \"textLines\": [\"a\", \"b\"]}}"),
				media))
			.isEqualTo("Hi\na\nb");
		assertThat(media).isEmpty();
	}

	private void knownChannel(String replyVia) {
		given(this.channels.ofConversation("conversation-1")).willReturn(Optional.of(this.channel));
		knownSource(replyVia);
	}

	private void knownSource(String replyVia) {
		given(this.sources.named("sms"))
			.willReturn(Optional.of(new SourceDefinition("sms", "inbox-sync-source-sms", "inbox-sync-webhook-source",
					Map.of(ReplyRouter.REPLY_VIA, replyVia), null, null, "POST /webhooks/sms")));
	}

	private ReplyRouter router(String defaultSink, String ourAppId) {
		return new ReplyRouter(this.channels, this.sources, new OwnWixApp(null, ourAppId),
				new ReplyMetrics(this.meters),
				new ReplyProperties("", "events", "replies", 1, defaultSink, Duration.ofSeconds(1), null, null),
				this.conversations, this.merges);
	}

	private double skipped(String reason) {
		return this.meters.counter("inbox.sync.replies.skipped", "reason", reason).count();
	}

	private static String textAndImage() {
		return "{\"basic\": {\"items\": [{\"text\": \"Here it is\"}, {\"image\": {\"url\": "
				+ "\"https://static.wixstatic.com/a.png\"}}]}}";
	}

	private static WixWebhookEvent event(String messageId, Map<String, String> sender, String content)
			throws Exception {
		JsonNode message = JSON.valueToTree(Map.of("id", messageId, "direction", "BUSINESS_TO_PARTICIPANT", "sender",
				sender, "content", JSON.readTree(content)));
		return new WixWebhookEvent("ev-" + messageId, "type", "instance", WixWebhookEvent.MESSAGE,
				WixWebhookEvent.MESSAGE_SENT_TO_PARTICIPANT, messageId,
				JSON.valueToTree(Map.of("conversationId", "conversation-1", "message", message)), null);
	}

}

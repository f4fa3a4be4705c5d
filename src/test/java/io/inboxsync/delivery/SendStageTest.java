package io.inboxsync.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.media.InboundMedia;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.reply.ReplyChannels;
import io.inboxsync.source.SourceActivity;
import io.inboxsync.wix.ConversationLookup;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixClient;
import io.inboxsync.wix.WixMedia;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The send stage: Send Message, after looking for the message only when an earlier
 * attempt may have left it in Wix, and into the contact's new conversation when the old
 * one is gone.
 */
class SendStageTest {

	private static final Instant FIRST_ATTEMPT = Instant.parse("2026-11-30T10:00:00Z");

	private final WixClient wix = mock(WixClient.class);

	private final SentMessageCheck sentMessageCheck = mock(SentMessageCheck.class);

	private final ConversationLookup conversations = mock(ConversationLookup.class);

	private final InboundMedia media = mock(InboundMedia.class);

	private final SendStage stage = new SendStage(this.wix, this.sentMessageCheck, this.conversations,
			new PipelineMetrics(new SimpleMeterRegistry(), new SourceActivity(Clock.systemUTC())),
			mock(ReplyChannels.class), this.media);

	private final Delivery delivery = Delivery.of(event(), "contact-1").inConversation("conversation-1", FIRST_ATTEMPT);

	@Test
	void aFirstAttemptSendsWithoutLooking() {
		this.stage.send(this.delivery, null, null);

		verify(this.wix).sendMessage("conversation-1", this.delivery.event().message());
		verifyNoInteractions(this.sentMessageCheck);
	}

	@Test
	void afterAnAttemptThatMayHaveReachedWixItLooksFromTheFirstAttemptAndSendsNothingWhenFound() {
		given(this.sentMessageCheck.alreadySent("conversation-1", this.delivery.event().message(), FIRST_ATTEMPT))
			.willReturn(true);

		this.stage.send(this.delivery, true, null);

		verify(this.wix, never()).sendMessage(any(), any());
	}

	@Test
	void aDeliveryQueuedAgainAfterACrashLooksFirstToo() {
		Delivery redelivered = Delivery.of(event(), "contact-1")
			.mayBeInWix(FIRST_ATTEMPT)
			.inConversation("conversation-1", Instant.now());

		this.stage.send(redelivered, null, null);

		verify(this.sentMessageCheck).alreadySent("conversation-1", redelivered.event().message(), FIRST_ATTEMPT);
		verify(this.wix).sendMessage("conversation-1", redelivered.event().message());
	}

	@Test
	void aConversationThatIsGoneIsFetchedAgainAndGetsTheMessage() {
		willThrow(new WixApiException("POST /inbox/v2/messages", 404, MissingNode.getInstance(), null, null))
			.given(this.wix)
			.sendMessage("conversation-1", this.delivery.event().message());
		given(this.conversations.refresh(this.delivery.event(), "contact-1")).willReturn("conversation-2");

		this.stage.send(this.delivery, null, null);

		verify(this.wix).sendMessage("conversation-2", this.delivery.event().message());
	}

	@Test
	void aMediaUrlWixRefusesIsImportedAndTheMessageSentOnceMoreWithWixsUrl() {
		InboxEvent.Message withPicture = this.delivery.event()
			.message()
			.withMedia(List.of(new InboxEvent.Media(InboxEvent.MediaKind.IMAGE, "http://mms.example.com/1.jpg", null)));
		InboxEvent.Message imported = withPicture.withMedia(List
			.of(new InboxEvent.Media(InboxEvent.MediaKind.IMAGE, "https://static.wixstatic.com/media/1.jpg", null)));
		Delivery pictured = Delivery.of(this.delivery.event().withMessage(withPicture), "contact-1")
			.inConversation("conversation-1", FIRST_ATTEMPT);
		willThrow(invalidMediaUrl()).given(this.wix).sendMessage("conversation-1", withPicture);
		given(this.media.imported(withPicture)).willReturn(imported);

		this.stage.send(pictured, null, null);

		verify(this.wix).sendMessage("conversation-1", imported);
	}

	@Test
	void aMessageWithoutMediaThatWixRefusesIsNotImported() {
		willThrow(invalidMediaUrl()).given(this.wix).sendMessage("conversation-1", this.delivery.event().message());

		assertThatExceptionOfType(WixApiException.class).isThrownBy(() -> this.stage.send(this.delivery, null, null));

		verifyNoInteractions(this.media);
	}

	private static WixApiException invalidMediaUrl() {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.putObject("details")
			.putObject("applicationError")
			.put("code", WixMedia.INVALID_MEDIA_URL)
			.put("description", "invalid media url");
		return new WixApiException("POST /inbox/v2/messages", 400, body, null, null);
	}

	private static InboxEvent event() {
		return new InboxEvent("e1", "chat-tool", Instant.now(), new InboxEvent.Customer("jane@example.com", null, null),
				new InboxEvent.Message(InboxEvent.MessageKind.BASIC, "Hi", InboxEvent.Direction.PARTICIPANT_TO_BUSINESS,
						InboxEvent.Visibility.BUSINESS, null, null, null, null),
				null);
	}

}

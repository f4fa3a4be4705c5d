package io.inboxsync.delivery;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.media.InboundMedia;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.reply.ReplyChannels;
import io.inboxsync.wix.ConversationLookup;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixClient;
import io.inboxsync.wix.WixMedia;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The send stage: Send Message into the delivery's conversation, unless an earlier
 * attempt may have left the message there and it is there. A conversation that answers
 * 404 was merged into a new one: the contact's conversation is fetched again and the
 * message goes there. A media URL Send Message refuses ({@code INVALID_MEDIA_URL}) is
 * imported into the site's media, and the message sent once more with Wix's URLs.
 */
@Component("sendStage")
public class SendStage {

	private static final Logger log = LoggerFactory.getLogger(SendStage.class);

	private final WixClient wix;

	private final SentMessageCheck sentMessageCheck;

	private final ConversationLookup conversations;

	private final PipelineMetrics metrics;

	private final ReplyChannels replyChannels;

	private final InboundMedia media;

	public SendStage(WixClient wix, SentMessageCheck sentMessageCheck, ConversationLookup conversations,
			PipelineMetrics metrics, ReplyChannels replyChannels, InboundMedia media) {
		this.wix = wix;
		this.sentMessageCheck = sentMessageCheck;
		this.conversations = conversations;
		this.metrics = metrics;
		this.replyChannels = replyChannels;
		this.media = media;
	}

	/**
	 * @param earlierAttemptMayBeInWix whether an earlier attempt in this process may have
	 * left the message in Wix; the delivery itself says whether one before it (a crash, a
	 * replayed dead letter) may have
	 * @param eventQueuedAt when the event went onto the intake queue (epoch millis), or
	 * {@code null}
	 */
	public void send(Delivery delivery,
			@ExchangeProperty(DeliveryRetries.MAYBE_IN_WIX) Boolean earlierAttemptMayBeInWix,
			@Header(PipelineQueues.EVENT_QUEUED_AT) Long eventQueuedAt) {
		Delivery attempt = Boolean.TRUE.equals(earlierAttemptMayBeInWix) ? delivery.mayBeInWix(Instant.now())
				: delivery;
		String conversationId = attempt.conversationId();
		JsonNode sent;
		try {
			sent = sendTo(conversationId, attempt);
		}
		catch (WixApiException ex) {
			if (ex.status() != 404) {
				throw ex;
			}
			log.warn("Conversation {} answered 404; getting contact {}'s conversation again", attempt.conversationId(),
					attempt.contactId());
			conversationId = this.conversations.refresh(attempt.event(), attempt.contactId());
			sent = sendTo(conversationId, attempt);
		}
		// Replies to this customer go back to the channel they wrote from; our own
		// message never does.
		this.replyChannels.delivered(attempt, conversationId, sent);
		this.metrics.delivered(delivery.event().source(),
				(eventQueuedAt != null) ? Instant.ofEpochMilli(eventQueuedAt) : null, Instant.now());
		log.info("Delivered event {} to contact {}", delivery.event().eventId(), delivery.contactId());
	}

	/**
	 * The message Wix stored, or {@code null} when an earlier attempt had left it there.
	 */
	private JsonNode sendTo(String conversationId, Delivery delivery) {
		if (delivery.maybeInWix() && this.sentMessageCheck.alreadySent(conversationId, delivery.event().message(),
				delivery.firstAttemptAt())) {
			return null;
		}
		this.replyChannels.sending(delivery, conversationId);
		InboxEvent.Message message = delivery.event().message();
		try {
			return this.wix.sendMessage(conversationId, message);
		}
		catch (WixApiException ex) {
			if (message.media() == null || !WixMedia.refusedMediaUrl(ex)) {
				throw ex;
			}
			log.info("Send Message refused a media URL of event {} ({}); importing its media into the site's media",
					delivery.event().eventId(), WixMedia.INVALID_MEDIA_URL);
			return this.wix.sendMessage(conversationId, this.media.imported(message));
		}
	}

}

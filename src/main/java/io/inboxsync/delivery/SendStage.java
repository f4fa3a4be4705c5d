package io.inboxsync.delivery;

import java.time.Instant;

import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.wix.ConversationLookup;
import io.inboxsync.wix.WixApiException;
import io.inboxsync.wix.WixClient;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The send stage: Send Message into the delivery's conversation, unless an earlier
 * attempt may have left the message there and it is there. A conversation that answers
 * 404 was merged into a new one: the contact's conversation is fetched again and the
 * message goes there.
 */
@Component("sendStage")
public class SendStage {

	private static final Logger log = LoggerFactory.getLogger(SendStage.class);

	private final WixClient wix;

	private final SentMessageCheck sentMessageCheck;

	private final ConversationLookup conversations;

	private final PipelineMetrics metrics;

	public SendStage(WixClient wix, SentMessageCheck sentMessageCheck, ConversationLookup conversations,
			PipelineMetrics metrics) {
		this.wix = wix;
		this.sentMessageCheck = sentMessageCheck;
		this.conversations = conversations;
		this.metrics = metrics;
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
		try {
			sendTo(attempt.conversationId(), attempt);
		}
		catch (WixApiException ex) {
			if (ex.status() != 404) {
				throw ex;
			}
			log.warn("Conversation {} answered 404; getting contact {}'s conversation again", attempt.conversationId(),
					attempt.contactId());
			sendTo(this.conversations.refresh(attempt.event(), attempt.contactId()), attempt);
		}
		this.metrics.delivered(delivery.event().source(),
				(eventQueuedAt != null) ? Instant.ofEpochMilli(eventQueuedAt) : null, Instant.now());
		log.info("Delivered event {} to contact {}", delivery.event().eventId(), delivery.contactId());
	}

	private void sendTo(String conversationId, Delivery delivery) {
		if (delivery.maybeInWix() && this.sentMessageCheck.alreadySent(conversationId, delivery.event().message(),
				delivery.firstAttemptAt())) {
			return;
		}
		this.wix.sendMessage(conversationId, delivery.event().message());
	}

}

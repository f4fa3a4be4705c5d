package io.inboxsync.reply;

import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.delivery.Stage;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A channel reports, after taking it, that it could not deliver a message of a reply
 * (WhatsApp's {@code failed} status, Twilio's {@code undelivered}): the reply becomes a
 * {@code reply} dead letter with the channel's reason, and leaves the ledgers, so that a
 * replay sends the part that failed (and the parts after it the channel did not take).
 */
@Component
public class UndeliveredReplies {

	private static final Logger log = LoggerFactory.getLogger(UndeliveredReplies.class);

	private final SentReplies sent;

	private final DeadLetterRecorder deadLetters;

	private final IdempotentRepository repliesSent;

	private final IdempotentRepository partsTaken;

	private final TransactionTemplate transactions;

	public UndeliveredReplies(SentReplies sent, DeadLetterRecorder deadLetters,
			@Qualifier("inboxSyncReplies") IdempotentRepository repliesSent,
			@Qualifier("inboxSyncReplyParts") IdempotentRepository partsTaken, TransactionTemplate transactions) {
		this.sent = sent;
		this.deadLetters = deadLetters;
		this.repliesSent = repliesSent;
		this.partsTaken = partsTaken;
		this.transactions = transactions;
	}

	/**
	 * The channel could not deliver its message {@code channelMessageId}, for this
	 * reason. In one transaction; a report the channel repeats, or one about a message
	 * that was no reply, finds nothing.
	 */
	public void report(String channel, String channelMessageId, String reason) {
		this.transactions.executeWithoutResult((transaction) -> {
			SentReplies.Sent failed = this.sent.take(channelMessageId).orElse(null);
			if (failed == null) {
				log.debug("{} reports message {} undelivered; it is no reply of ours, or reported already", channel,
						channelMessageId);
				return;
			}
			Reply reply = this.sent.replyOf(failed);
			this.repliesSent.remove(reply.messageId());
			this.partsTaken.remove(ReplySinks.partKey(reply, failed.part()));
			String why = channel + " did not deliver "
					+ ((failed.parts() > 1) ? "part " + (failed.part() + 1) + " of " + failed.parts() + " of " : "")
					+ "the reply: " + reason;
			this.deadLetters.recordFailure(new DeadLetterStore.Failure(reply.messageId(), reply.source(),
					reply.contactId(), Stage.REPLY.value(), why, null, 1, failed.replyJson(), null));
		});
	}

}

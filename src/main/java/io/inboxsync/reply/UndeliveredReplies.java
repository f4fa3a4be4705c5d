package io.inboxsync.reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.deadletter.DeadLetter;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.delivery.Stage;
import io.inboxsync.metrics.PipelineMetrics;
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

	private final DeadLetterStore deadLetters;

	private final PipelineMetrics metrics;

	private final IdempotentRepository repliesSent;

	private final IdempotentRepository partsTaken;

	private final TransactionTemplate transactions;

	private final ObjectMapper objectMapper;

	public UndeliveredReplies(SentReplies sent, DeadLetterStore deadLetters, PipelineMetrics metrics,
			@Qualifier("inboxSyncReplies") IdempotentRepository repliesSent,
			@Qualifier("inboxSyncReplyParts") IdempotentRepository partsTaken, TransactionTemplate transactions,
			ObjectMapper objectMapper) {
		this.sent = sent;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.repliesSent = repliesSent;
		this.partsTaken = partsTaken;
		this.transactions = transactions;
		this.objectMapper = objectMapper;
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
			Reply reply = failed.reply();
			this.repliesSent.remove(reply.messageId());
			this.partsTaken.remove(ReplySinks.partKey(reply, failed.part()));
			String why = channel + " did not deliver "
					+ ((failed.parts() > 1) ? "part " + (failed.part() + 1) + " of " + failed.parts() + " of " : "")
					+ "the reply: " + reason;
			DeadLetter deadLetter = this.deadLetters.record(new DeadLetterStore.Failure(reply.messageId(),
					reply.source(), reply.contactId(), Stage.REPLY.value(), why, null, 1, json(reply), null));
			this.metrics.deadLettered(deadLetter.source(), deadLetter.stage());
			log.warn("Dead letter {} (reply {}, stage reply): {}", deadLetter.id(), reply.messageId(), why);
		});
	}

	private String json(Reply reply) {
		try {
			return this.objectMapper.writeValueAsString(reply);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("a reply is always JSON", ex);
		}
	}

}

package io.inboxsync.reply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.deadletter.DeadLetter;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.delivery.Stage;
import io.inboxsync.metrics.PipelineMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * WhatsApp's reports on the messages sent to customers ({@code statuses} of the Cloud
 * API's {@code messages} webhook field, posted to the same URL as the customers'
 * messages): a reply WhatsApp took but then could not deliver (a {@code failed} status,
 * such as 131047 outside the 24-hour window) becomes a {@code reply} dead letter with
 * WhatsApp's reason, replayable like any other. Every other report is acknowledged and
 * left.
 */
@Component("whatsAppStatuses")
public class WhatsAppStatuses {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppStatuses.class);

	private static final byte[] STATUSES = "\"statuses\"".getBytes(StandardCharsets.UTF_8);

	private final ObjectMapper objectMapper;

	private final SentReplies sent;

	private final DeadLetterStore deadLetters;

	private final PipelineMetrics metrics;

	private final IdempotentRepository repliesSent;

	private final IdempotentRepository partsTaken;

	private final TransactionTemplate transactions;

	public WhatsAppStatuses(ObjectMapper objectMapper, SentReplies sent, DeadLetterStore deadLetters,
			PipelineMetrics metrics, @Qualifier("inboxSyncReplies") IdempotentRepository repliesSent,
			@Qualifier("inboxSyncReplyParts") IdempotentRepository partsTaken, TransactionTemplate transactions) {
		this.objectMapper = objectMapper;
		this.sent = sent;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.repliesSent = repliesSent;
		this.partsTaken = partsTaken;
		this.transactions = transactions;
	}

	/**
	 * For a webhook source, on the raw body: a batch of WhatsApp statuses is handled and
	 * answered 200 here, and goes no further; anything else passes untouched.
	 */
	public void answer(Exchange exchange) throws IOException {
		byte[] body = exchange.getMessage().getBody(byte[].class);
		if (body == null || indexOf(body, STATUSES) < 0) {
			return;
		}
		JsonNode payload;
		try {
			payload = this.objectMapper.readTree(body);
		}
		catch (JsonProcessingException ex) {
			// Not JSON: the source's parser refuses it with its reason.
			return;
		}
		if (payload == null || !"whatsapp_business_account".equals(payload.path("object").asText())) {
			return;
		}
		int statuses = 0;
		for (JsonNode entry : payload.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				if (change.path("value").has("messages")) {
					// A customer's message beside the statuses: the source maps it.
					return;
				}
				for (JsonNode status : change.path("value").path("statuses")) {
					statuses++;
					if ("failed".equals(status.path("status").asText())) {
						this.transactions.executeWithoutResult((transaction) -> failed(status));
					}
				}
			}
		}
		if (statuses == 0) {
			return;
		}
		Message message = exchange.getMessage();
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
		message.setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		message.setBody("{\"statuses\":" + statuses + "}");
		exchange.setRouteStop(true);
	}

	/**
	 * WhatsApp could not deliver one of our messages: if it was a reply's, the reply
	 * becomes a dead letter and leaves the ledgers, so that a replay sends the part that
	 * failed (and the parts after it WhatsApp did not take), all in one transaction. A
	 * report WhatsApp repeats finds the reply taken already.
	 */
	private void failed(JsonNode status) {
		String id = status.path("id").asText("");
		SentReplies.Sent failed = this.sent.take(id).orElse(null);
		if (failed == null) {
			log.debug("WhatsApp reports message {} failed; it is no reply of ours, or reported already", id);
			return;
		}
		Reply reply = failed.reply();
		this.repliesSent.remove(reply.messageId());
		this.partsTaken.remove(ReplySinks.partKey(reply, failed.part()));
		String reason = "WhatsApp did not deliver "
				+ ((failed.parts() > 1) ? "part " + (failed.part() + 1) + " of " + failed.parts() + " of " : "")
				+ "the reply: " + errors(status);
		DeadLetter deadLetter = this.deadLetters.record(new DeadLetterStore.Failure(reply.messageId(), reply.source(),
				reply.contactId(), Stage.REPLY.value(), reason, null, 1, json(reply), null));
		this.metrics.deadLettered(deadLetter.source(), deadLetter.stage());
		log.warn("Dead letter {} (reply {}, stage reply): {}", deadLetter.id(), reply.messageId(), reason);
	}

	/** WhatsApp's errors: code, title and details of each. */
	private static String errors(JsonNode status) {
		StringBuilder errors = new StringBuilder();
		for (JsonNode error : status.path("errors")) {
			if (errors.length() > 0) {
				errors.append("; ");
			}
			errors.append(error.path("code").asText()).append(' ').append(error.path("title").asText());
			String details = error.path("error_data").path("details").asText("");
			if (!details.isEmpty()) {
				errors.append(": ").append(ReplySinks.detail(details));
			}
		}
		return (errors.length() > 0) ? errors.toString() : "no reason given";
	}

	private String json(Reply reply) {
		try {
			return this.objectMapper.writeValueAsString(reply);
		}
		catch (IOException ex) {
			throw new IllegalStateException("a reply is always JSON", ex);
		}
	}

	private static int indexOf(byte[] bytes, byte[] sought) {
		outer: for (int i = 0; i <= bytes.length - sought.length; i++) {
			for (int j = 0; j < sought.length; j++) {
				if (bytes[i + j] != sought[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}

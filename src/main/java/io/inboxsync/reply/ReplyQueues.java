package io.inboxsync.reply;

import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.delivery.PipelineQueues;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

import org.springframework.stereotype.Component;

/**
 * The two durable queues of replies (routes/replies.yaml): Wix's events, as received, and
 * the replies on their way to a channel, both grouped by conversation so that a
 * conversation's events are handled, and its replies leave, in the order they came.
 */
@Component("replyQueues")
public class ReplyQueues {

	/** The one way onto the Wix events queue. */
	public static final String ENQUEUE_WIX_EVENT = "direct:inbox-sync-enqueue-wix-event";

	/** The one way onto the replies queue: for the events consumer and replays. */
	public static final String ENQUEUE_REPLY = "direct:inbox-sync-enqueue-reply";

	private final ProducerTemplate producer;

	public ReplyQueues(ProducerTemplate producer) {
		this.producer = producer;
	}

	public void putWixEvent(WixWebhookEvent event) {
		this.producer.sendBody(ENQUEUE_WIX_EVENT, event);
	}

	/** A reply as a dead letter keeps it (JSON), put back on its queue. */
	public void putReply(String replyJson) {
		this.producer.sendBody(ENQUEUE_REPLY, replyJson);
	}

	/**
	 * For the enqueue route: the event alone, no request header, in the group of its
	 * conversation, so that a merge and the replies written after it are handled in the
	 * order they came (a reply handled beside the merge would not find the channel yet).
	 */
	public void addressWixEvent(WixWebhookEvent event, Message message) {
		message.removeHeaders("*");
		String conversationId = event.conversationId();
		if (conversationId != null) {
			message.setHeader(PipelineQueues.GROUP, conversationId);
		}
	}

	/** For the enqueue route: the reply alone, in its conversation's group. */
	public void addressReply(Reply reply, Message message) {
		message.removeHeaders("*");
		message.setHeader(PipelineQueues.GROUP, reply.conversationId());
	}

	/**
	 * For the replies consumer: a dead letter of this reply names its message, contact
	 * and source.
	 */
	public void taken(Reply reply, Exchange exchange) {
		exchange.setProperty(DeadLetterRecorder.EVENT_ID, reply.messageId());
		exchange.setProperty(DeadLetterRecorder.CONTACT_ID, reply.contactId());
		exchange.setProperty(DeadLetterRecorder.SOURCE, reply.source());
	}

}

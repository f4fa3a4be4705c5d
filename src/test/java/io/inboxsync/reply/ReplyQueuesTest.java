package io.inboxsync.reply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.delivery.PipelineQueues;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyQueuesTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ReplyQueues queues = new ReplyQueues(null);

	@Test
	void aMergeIsQueuedInTheGroupOfTheConversationItMergedInto() throws Exception {
		Message message = queued(event(WixWebhookEvent.CONVERSATION, WixWebhookEvent.CONVERSATIONS_MERGED,
				"{\"oldConversationIds\": [\"old\"], \"targetConversationId\": \"target\"}"));

		assertThat(message.getHeader(PipelineQueues.GROUP)).isEqualTo("target");
	}

	@Test
	void aMessageIsQueuedInItsConversationsGroupWithoutTheRequestsHeaders() throws Exception {
		Message message = queued(event(WixWebhookEvent.MESSAGE, WixWebhookEvent.MESSAGE_SENT_TO_PARTICIPANT,
				"{\"conversationId\": \"target\", \"message\": {\"id\": \"m-1\"}}"));

		assertThat(message.getHeaders()).containsOnlyKeys(PipelineQueues.GROUP);
		assertThat(message.getHeader(PipelineQueues.GROUP)).isEqualTo("target");
	}

	@Test
	void anEventOfNoConversationIsQueuedOutsideAnyGroup() throws Exception {
		Message message = queued(event("wix.contacts.v4.contact", "created", "{\"contact\": {}}"));

		assertThat(message.getHeaders()).isEmpty();
	}

	private Message queued(WixWebhookEvent event) {
		Message message = new DefaultMessage(new DefaultCamelContext());
		message.setHeader("Authorization", "the request's");
		message.setBody(event);
		this.queues.addressWixEvent(event, message);
		return message;
	}

	private static WixWebhookEvent event(String entityFqdn, String slug, String body) throws Exception {
		return new WixWebhookEvent("e-1", entityFqdn + "_" + slug, "instance", entityFqdn, slug, "entity",
				JSON.readTree(body), JSON.readTree("{\"identityType\": \"APP\"}"));
	}

}

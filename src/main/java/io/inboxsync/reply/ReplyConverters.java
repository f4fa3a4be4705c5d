package io.inboxsync.reply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InvalidEventException;
import org.apache.camel.Converter;
import org.apache.camel.TypeConverters;

import org.springframework.stereotype.Component;

/**
 * Wix events and replies travel on their queues, and rest in dead letters, as JSON text.
 */
@Component
public class ReplyConverters implements TypeConverters {

	private final ObjectMapper objectMapper;

	public ReplyConverters(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	@Converter
	public WixWebhookEvent toWixEvent(String json) {
		try {
			WixWebhookEvent event = this.objectMapper.readValue(json, WixWebhookEvent.class);
			if (event.id() == null || event.body() == null) {
				throw new InvalidEventException("the queued Wix event has no id or no body");
			}
			return event;
		}
		catch (JsonProcessingException ex) {
			throw new InvalidEventException("the queued message is not a Wix event: " + ex.getOriginalMessage());
		}
	}

	@Converter
	public WixWebhookEvent toWixEvent(byte[] json) {
		return toWixEvent(new String(json, StandardCharsets.UTF_8));
	}

	@Converter
	public String toJson(WixWebhookEvent event) throws IOException {
		return this.objectMapper.writeValueAsString(event);
	}

	@Converter
	public Reply toReply(String json) {
		try {
			Reply reply = this.objectMapper.readValue(json, Reply.class);
			if (reply.messageId() == null || reply.sink() == null) {
				throw new InvalidEventException("the queued reply has no message id or no sink");
			}
			return reply;
		}
		catch (JsonProcessingException ex) {
			throw new InvalidEventException("the queued message is not a reply: " + ex.getOriginalMessage());
		}
	}

	@Converter
	public Reply toReply(byte[] json) {
		return toReply(new String(json, StandardCharsets.UTF_8));
	}

	@Converter
	public String toJson(Reply reply) throws IOException {
		return this.objectMapper.writeValueAsString(reply);
	}

}

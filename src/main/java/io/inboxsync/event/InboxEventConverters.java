package io.inboxsync.event;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Converter;
import org.apache.camel.TypeConverters;

import org.springframework.stereotype.Component;

/**
 * Lets routes say {@code convertBodyTo: io.inboxsync.event.InboxEvent} and send an event
 * to a queue as JSON text, with the application's JSON settings (ISO-8601 instants) and
 * without touching Camel's shared Jackson data format.
 */
@Component
public class InboxEventConverters implements TypeConverters {

	private final ObjectMapper objectMapper;

	public InboxEventConverters(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	@Converter
	public InboxEvent toInboxEvent(String json) {
		try {
			return this.objectMapper.readValue(json, InboxEvent.class);
		}
		catch (JsonProcessingException ex) {
			throw new InvalidEventException("the queued event is not an inbox-sync event: " + ex.getOriginalMessage());
		}
	}

	@Converter
	public InboxEvent toInboxEvent(byte[] json) {
		return toInboxEvent(new String(json, java.nio.charset.StandardCharsets.UTF_8));
	}

	@Converter
	public String toJson(InboxEvent event) throws IOException {
		return this.objectMapper.writeValueAsString(event);
	}

}

package io.inboxsync.source;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.delivery.PipelineQueues;
import io.inboxsync.event.EventMapper;
import io.inboxsync.event.EventMapping;
import io.inboxsync.event.MappingExpression;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InvalidEventException;
import org.apache.camel.Exchange;

import org.springframework.stereotype.Component;

/**
 * The Wix Inbox sink for other Camel routes ({@code direct:inbox-sync-sink}): an event in
 * inbox-sync's JSON shape goes onto the durable intake queue, and from there gets
 * everything a source's event gets (contacts, split, retries, dead letters, no
 * duplicates). The caller's message is left as it was, but for the header
 * {@value #EVENT_ID}.
 */
@Component("inboxSink")
public class InboxSink {

	/** Header set on the caller's message: the id of the queued event. */
	public static final String EVENT_ID = "InboxSyncEventId";

	/**
	 * The event's own fields, read with the same mapper (and the same checks) as every
	 * source's payload.
	 */
	private static final EventMapping EVENT_SHAPE = EventMapping
		.compile(Map.ofEntries(Map.entry("eventId", "$.eventId"), Map.entry("occurredAt", "$.occurredAt"),
				Map.entry("email", "$.customer.email"), Map.entry("phone", "$.customer.phone"),
				Map.entry("customerName", "$.customer.name"), Map.entry("kind", "$.message.kind"),
				Map.entry("text", "$.message.text"), Map.entry("direction", "$.message.direction"),
				Map.entry("visibility", "$.message.visibility"), Map.entry("previewText", "$.message.previewText"),
				Map.entry("badgeText", "$.message.badge.text"), Map.entry("badgeIconUrl", "$.message.badge.iconUrl"),
				Map.entry("iconUrl", "$.message.iconUrl"), Map.entry("url", "$.message.url"),
				Map.entry("onNoContact", "$.onNoContact")));

	private static final MappingExpression SOURCE = MappingExpression.parse("$.source");

	private final EventMapper eventMapper;

	private final ObjectMapper objectMapper;

	private final PipelineQueues queues;

	public InboxSink(EventMapper eventMapper, ObjectMapper objectMapper, PipelineQueues queues) {
		this.eventMapper = eventMapper;
		this.objectMapper = objectMapper;
		this.queues = queues;
	}

	/**
	 * Queues the body as an event, or throws {@link InvalidEventException} back to the
	 * caller's route.
	 */
	public void send(Exchange exchange) {
		Object payload = payload(exchange);
		Object source = SOURCE.evaluate(payload);
		if (!(source instanceof String name) || name.isBlank()) {
			throw new InvalidEventException("the event has no source (nothing at $.source)");
		}
		InboxEvent event = this.eventMapper.map(name, EVENT_SHAPE, payload);
		this.queues.putEvent(event);
		exchange.getMessage().setHeader(EVENT_ID, event.eventId());
	}

	/**
	 * Maps and lists, as JSONPath reads them: from JSON text, or from an event or map
	 * object.
	 */
	private Object payload(Exchange exchange) {
		Object body = exchange.getMessage().getBody();
		try {
			if (body instanceof String || body instanceof byte[]) {
				String json = exchange.getMessage().getBody(String.class);
				return this.objectMapper.readValue(json, Map.class);
			}
			return this.objectMapper.convertValue(body, Map.class);
		}
		catch (Exception ex) {
			throw new InvalidEventException("the body is not an inbox-sync event: " + ex.getMessage());
		}
	}

}

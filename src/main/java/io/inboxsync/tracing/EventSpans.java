package io.inboxsync.tracing;

import io.inboxsync.delivery.Delivery;
import io.inboxsync.event.InboxEvent;
import io.opentelemetry.api.trace.SpanBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.opentelemetry.SpanCustomizer;

import org.springframework.stereotype.Component;

/**
 * Names the event in Camel's spans, so a trace can be found by the event id an operator
 * sees in a dead letter or a source's answer. Only the id: a span never carries the
 * customer's email or phone. Spans start before their body is known to be an event (a
 * webhook's raw body, a queued message's text); each stage's span has it.
 */
@Component
public class EventSpans implements SpanCustomizer {

	/** Span attribute: the event's id. */
	public static final String EVENT_ID = "inbox_sync.event_id";

	@Override
	public void customize(SpanBuilder spanBuilder, String operationName, Exchange exchange) {
		InboxEvent event = Delivery.eventOf(exchange.getMessage().getBody());
		if (event != null) {
			spanBuilder.setAttribute(EVENT_ID, event.eventId());
		}
	}

}

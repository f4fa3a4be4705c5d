package io.inboxsync.source;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.web.ErrorBody;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The HTTP ends of a webhook source: reading the payload, and the replies. Replies drop every header first, since
 * Camel would otherwise echo the request's headers (and any the route set) back to the caller.
 */
@Component("webhookIntake")
public class WebhookIntake {

	private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

	private final ObjectMapper objectMapper;

	public WebhookIntake(ObjectMapper objectMapper) {
		this.objectMapper = objectMapper;
	}

	/** The JSON payload as maps and lists, which JSONPath and simple both read. */
	public Object parse(String body) {
		if (body == null || body.isBlank()) {
			throw new InvalidEventException("the body is empty");
		}
		try {
			return this.objectMapper.readValue(body, Object.class);
		}
		catch (JsonProcessingException ex) {
			throw new InvalidEventException("the body is not valid JSON: " + ex.getOriginalMessage()
					+ ((ex.getLocation() != null) ? " at line " + ex.getLocation().getLineNr() + ", column "
							+ ex.getLocation().getColumnNr() : ""));
		}
	}

	/** 202: the event is on the durable queue. */
	public void accepted(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
		String eventId = exchange.getMessage().getMandatoryBody(InboxEvent.class).eventId();
		reply(exchange, 202, Map.of("eventId", eventId));
	}

	/** The 4xx for an event that can never be accepted as it is, or a 503 when the queue could not take it. */
	public void failed(Exchange exchange) throws JsonProcessingException {
		Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		if (cause instanceof InvalidEventException invalid) {
			log.info("Source {} rejected an event: {}", exchange.getFromRouteId(), invalid.getMessage());
			reply(exchange, invalid.httpStatus(), ErrorBody.of(invalid.httpStatus(), invalid.getMessage()));
		}
		else {
			log.error("Source {} could not queue an event", exchange.getFromRouteId(), cause);
			reply(exchange, 503, ErrorBody.of(503, "the event could not be queued; nothing was accepted, retry later"));
		}
	}

	private void reply(Exchange exchange, int status, Object body) throws JsonProcessingException {
		Message message = exchange.getMessage();
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
		message.setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		message.setBody(this.objectMapper.writeValueAsString(body));
	}

}

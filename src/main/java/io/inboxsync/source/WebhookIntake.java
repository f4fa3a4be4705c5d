package io.inboxsync.source;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.IgnoredEventException;
import io.inboxsync.event.InvalidEventException;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.web.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The HTTP replies of a webhook source. Replies drop every header first, since Camel
 * would otherwise echo the request's headers (and any the route set) back to the caller.
 */
@Component("webhookIntake")
public class WebhookIntake {

	private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

	private final ObjectMapper objectMapper;

	private final RunningSources sources;

	private final PipelineMetrics metrics;

	public WebhookIntake(ObjectMapper objectMapper, RunningSources sources, PipelineMetrics metrics) {
		this.objectMapper = objectMapper;
		this.sources = sources;
		this.metrics = metrics;
	}

	/**
	 * The body exactly as the sender sent it, which the signature check and the parser
	 * both need; Camel's own body of a form post is already a map of half-decoded fields.
	 */
	public byte[] rawBody(Exchange exchange) {
		HttpServletRequest request = exchange.getMessage()
			.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
		Object body = (request != null) ? request.getAttribute(WebhookGuardFilter.RAW_BODY) : null;
		if (!(body instanceof byte[] bytes)) {
			throw new IllegalStateException("The webhook guard did not keep the body of " + exchange.getFromRouteId());
		}
		// Read as text in the sender's charset, or UTF-8 (JSON's), never in the
		// platform's default; the guard
		// refused charsets Java does not know and hands on the one it chose as the
		// request's.
		String charset = request.getCharacterEncoding();
		exchange.setProperty(Exchange.CHARSET_NAME, (charset != null) ? charset : StandardCharsets.UTF_8.name());
		return bytes;
	}

	/** 202: the event is on the durable queue. */
	public void accepted(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
		String eventId = exchange.getMessage().getMandatoryBody(InboxEvent.class).eventId();
		reply(exchange, 202, Map.of("eventId", eventId));
	}

	/**
	 * The 4xx for an event that can never be accepted as it is, or a 503 when the queue
	 * could not take it.
	 */
	public void failed(Exchange exchange) throws JsonProcessingException {
		Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
		if (cause instanceof IgnoredEventException ignored) {
			// The reason may quote the payload; the count per source is what operators
			// watch.
			log.debug("Source {} ignored an event: {}", exchange.getFromRouteId(), ignored.getMessage());
			reply(exchange, 200, Map.of("ignored", ignored.getMessage()));
		}
		else if (cause instanceof InvalidEventException invalid) {
			log.info("Source {} rejected an event: {}", exchange.getFromRouteId(), invalid.getMessage());
			this.metrics.refused(sourceName(exchange));
			reply(exchange, invalid.httpStatus(), ErrorBody.of(invalid.httpStatus(), invalid.getMessage()));
		}
		else {
			log.error("Source {} could not queue an event", exchange.getFromRouteId(), cause);
			reply(exchange, 503, ErrorBody.of(503, "the event could not be queued; nothing was accepted, retry later"));
		}
	}

	/** The failing route's source; none if its file was replaced meanwhile. */
	private String sourceName(Exchange exchange) {
		return this.sources.nameOfRoute(exchange.getFromRouteId()).orElse(null);
	}

	/**
	 * Answers the webhook's sender now: this status, and the body as JSON; the route ends
	 * here when the caller stops it.
	 */
	public void reply(Exchange exchange, int status, Object body) throws JsonProcessingException {
		Message message = exchange.getMessage();
		message.removeHeaders("*");
		message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
		message.setHeader(Exchange.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
		// Camel writes the answer in the exchange's charset, which is the request's: ours
		// is JSON, UTF-8.
		exchange.setProperty(Exchange.CHARSET_NAME, StandardCharsets.UTF_8.name());
		message.setBody(this.objectMapper.writeValueAsString(body));
	}

}

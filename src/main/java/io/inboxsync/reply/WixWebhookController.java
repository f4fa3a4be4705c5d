package io.inboxsync.reply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.web.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Wix's webhooks for inbox-sync's Wix app: {@code POST /wix/webhooks}, the body a JWT
 * signed with the app's key. A verified event is answered 200 once it is on the durable
 * Wix events queue (Wix waits 1,250 ms, then tries again); an event id already queued is
 * answered 200 and dropped. A body that is not a valid, unexpired token of our app gets
 * 401 with the reason, and nothing of it is logged.
 */
@RestController
public class WixWebhookController {

	/** Where Wix posts the app's webhooks: the URL the Wix app's dashboard is given. */
	public static final String PATH = "/wix/webhooks";

	private static final Logger log = LoggerFactory.getLogger(WixWebhookController.class);

	private final WixWebhookVerifier verifier;

	private final ReplyQueues queues;

	private final IdempotentRepository received;

	private final ReplyMetrics metrics;

	/** Wix's events are a few KB; a body far bigger is not Wix's. */
	private final int maxBodySize;

	WixWebhookController(WixWebhookVerifier verifier, ReplyQueues queues,
			@Qualifier("inboxSyncWixEvents") IdempotentRepository received, ReplyMetrics metrics,
			InboxSyncProperties properties) {
		this.verifier = verifier;
		this.queues = queues;
		this.received = received;
		this.metrics = metrics;
		this.maxBodySize = (int) Math.min(Integer.MAX_VALUE - 1, properties.webhooks().maxBodySize().toBytes());
	}

	@PostMapping(PATH)
	ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
		byte[] body = request.getInputStream().readNBytes(this.maxBodySize + 1);
		if (body.length > this.maxBodySize) {
			return ResponseEntity.status(413).body(ErrorBody.of(413));
		}
		WixWebhookEvent event;
		try {
			event = this.verifier.verify(new String(body, StandardCharsets.US_ASCII));
		}
		catch (WixWebhookVerifier.RejectedException ex) {
			log.warn("Refused a Wix webhook: {}", ex.getMessage());
			return ResponseEntity.status(401).body(ErrorBody.of(401, ex.getMessage()));
		}
		if (this.received.contains(event.id())) {
			log.debug("Wix event {} was received before; dropped", event.id());
			return ResponseEntity.ok(Map.of("eventId", event.id(), "duplicate", true));
		}
		try {
			this.queues.putWixEvent(event);
			this.received.add(event.id());
		}
		catch (RuntimeException ex) {
			log.error("Could not queue Wix event {}; Wix will send it again", event.id(), ex);
			return ResponseEntity.status(503).body(ErrorBody.of(503));
		}
		this.metrics.received(event.slug());
		return ResponseEntity.ok(Map.of("eventId", event.id()));
	}

}

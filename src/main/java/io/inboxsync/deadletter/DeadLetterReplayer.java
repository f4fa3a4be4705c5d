package io.inboxsync.deadletter;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.inboxsync.delivery.DeliveryAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts a dead letter's event back on the intake queue, for its one contact when the failure was that contact's. The
 * dead letter is closed in the same database transaction, so it is replayed once even if asked twice; the delivery
 * ledger makes sure a delivery that succeeded meanwhile is not sent again.
 */
@Component
public class DeadLetterReplayer {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);

	private static final String MAPPING = "mapping";

	private static final String INTAKE = "direct:inbox-sync-enqueue";

	private final DeadLetterStore store;

	private final ProducerTemplate producer;

	private final Counter replays;

	public DeadLetterReplayer(DeadLetterStore store, ProducerTemplate producer, MeterRegistry meters) {
		this.store = store;
		this.producer = producer;
		this.replays = Counter.builder("inbox.sync.dead.letters.replayed")
			.description("Dead letters put back on the intake queue")
			.register(meters);
	}

	/** The replayed dead letter, or empty when there is no open dead letter with this id. */
	@Transactional
	public Optional<DeadLetter> replay(String id) {
		Optional<DeadLetter> deadLetter = this.store.find(id);
		if (deadLetter.isPresent() && MAPPING.equals(deadLetter.get().stage())) {
			throw new NotReplayableException("dead letter " + id + " holds a payload its source could not map, "
					+ "not an event: fix the source and send the payload again, then discard this one");
		}
		if (deadLetter.isEmpty() || !this.store.close(id, DeadLetter.Status.REPLAYED)) {
			return Optional.empty();
		}
		DeadLetter replayed = deadLetter.get();
		Map<String, Object> headers = new HashMap<>();
		if (replayed.contactId() != null) {
			headers.put(DeliveryAttempt.CONTACT_ID, replayed.contactId());
		}
		if (mayHaveReachedWix(replayed)) {
			headers.put(DeliveryAttempt.MAYBE_SENT_SINCE, replayed.firstFailedAt().toEpochMilli());
		}
		this.producer.sendBodyAndHeaders(INTAKE, replayed.event(), headers);
		this.replays.increment();
		log.info("Replayed dead letter {} (event {}, contact {})", id, replayed.eventId(), replayed.contactId());
		return this.store.find(id);
	}

	@Transactional
	public Optional<DeadLetter> discard(String id) {
		return this.store.close(id, DeadLetter.Status.DISCARDED) ? this.store.find(id) : Optional.empty();
	}

	/** A dead letter that replaying could only fail again. */
	public static class NotReplayableException extends RuntimeException {

		NotReplayableException(String reason) {
			super(reason);
		}

	}

	/** A send that failed with a 5xx or no answer may have left a message in the conversation. */
	private static boolean mayHaveReachedWix(DeadLetter deadLetter) {
		return "send".equals(deadLetter.stage()) && (deadLetter.wixStatus() == null || deadLetter.wixStatus() >= 500);
	}

}

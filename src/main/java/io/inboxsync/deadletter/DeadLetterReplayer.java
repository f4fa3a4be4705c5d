package io.inboxsync.deadletter;

import java.util.Optional;

import io.inboxsync.delivery.Delivery;
import io.inboxsync.delivery.PipelineQueues;
import io.inboxsync.delivery.Stage;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.reply.ReplyQueues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts a dead letter back on its queue: one contact's delivery on the deliveries queue,
 * an event that failed at the lookup on the intake queue. The dead letter is closed in
 * the same database transaction, so it is replayed once even if asked twice; the delivery
 * ledger makes sure a delivery that succeeded meanwhile is not sent again.
 */
@Component
public class DeadLetterReplayer {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);

	private static final String MAPPING = "mapping";

	private final DeadLetterStore store;

	private final PipelineQueues queues;

	private final ReplyQueues replies;

	private final ProducerTemplate producer;

	private final Counter replays;

	public DeadLetterReplayer(DeadLetterStore store, PipelineQueues queues, ReplyQueues replies,
			ProducerTemplate producer, MeterRegistry meters) {
		this.store = store;
		this.queues = queues;
		this.replies = replies;
		this.producer = producer;
		this.replays = Counter.builder("inbox.sync.dead.letters.replayed")
			.description("Dead letters put back on the intake queue")
			.register(meters);
	}

	/**
	 * The replayed dead letter, or empty when there is no open dead letter with this id.
	 */
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
		if (Stage.REPLY.value().equals(replayed.stage())) {
			// A reply, not an event: back on the replies queue.
			this.replies.putReply(replayed.event());
		}
		else {
			InboxEvent event = this.producer.getCamelContext()
				.getTypeConverter()
				.convertTo(InboxEvent.class, replayed.event());
			if (replayed.contactId() != null) {
				this.queues.putDelivery(Delivery.replay(event, replayed.contactId(), replayed.maybeInWixSince()));
			}
			else {
				this.queues.putEvent(event);
			}
		}
		this.replays.increment();
		log.info("Replayed dead letter {} (event {}, contact {})", id, replayed.eventId(), replayed.contactId());
		return this.store.find(id);
	}

	@Transactional
	public Optional<DeadLetter> discard(String id) {
		return this.store.close(id, DeadLetter.Status.DISCARDED) ? this.store.find(id) : Optional.empty();
	}

	/** An operator's replay of one dead letter, whatever becomes of it. */
	@Transactional
	public Outcome replayOne(String id) {
		if (this.store.find(id).isEmpty()) {
			return new Outcome.NotFound(id);
		}
		try {
			return replay(id).<Outcome>map(Outcome.Closed::new).orElseGet(() -> new Outcome.NoLongerOpen(id));
		}
		catch (NotReplayableException ex) {
			return new Outcome.NotReplayable(ex.getMessage());
		}
	}

	/** An operator's discard of one dead letter, whatever becomes of it. */
	@Transactional
	public Outcome discardOne(String id) {
		if (this.store.find(id).isEmpty()) {
			return new Outcome.NotFound(id);
		}
		return discard(id).<Outcome>map(Outcome.Closed::new).orElseGet(() -> new Outcome.NoLongerOpen(id));
	}

	/**
	 * What became of an operator's replay or discard of one dead letter; the API and the
	 * console answer it with the same status and reason.
	 */
	public sealed interface Outcome {

		/** The HTTP status of a refusal; none for {@link Closed}. */
		int status();

		/** Why it was refused; none for {@link Closed}. */
		String reason();

		/** Done: the dead letter as it is now. */
		record Closed(DeadLetter deadLetter) implements Outcome {

			@Override
			public int status() {
				return 0;
			}

			@Override
			public String reason() {
				return null;
			}

		}

		record NotFound(String id) implements Outcome {

			@Override
			public int status() {
				return 404;
			}

			@Override
			public String reason() {
				return "no dead letter " + this.id;
			}

		}

		/** Someone replayed or discarded it first. */
		record NoLongerOpen(String id) implements Outcome {

			@Override
			public int status() {
				return 409;
			}

			@Override
			public String reason() {
				return "dead letter " + this.id + " is no longer open: someone replayed or discarded it";
			}

		}

		record NotReplayable(String reason) implements Outcome {

			@Override
			public int status() {
				return 422;
			}

		}

	}

	/** A dead letter that replaying could only fail again. */
	public static class NotReplayableException extends RuntimeException {

		NotReplayableException(String reason) {
			super(reason);
		}

	}

}

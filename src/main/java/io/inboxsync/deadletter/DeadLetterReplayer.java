package io.inboxsync.deadletter;

import java.util.List;
import java.util.Optional;

import io.inboxsync.delivery.Delivery;
import io.inboxsync.delivery.PipelineQueues;
import io.inboxsync.delivery.Stage;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.reply.ReplyQueues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

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

	/**
	 * Transactions of the connection factory Camel's JMS producers send with, so that a
	 * page's sends join one.
	 */
	private final TransactionTemplate queueTransactions;

	public DeadLetterReplayer(DeadLetterStore store, PipelineQueues queues, ReplyQueues replies,
			ProducerTemplate producer, MeterRegistry meters, ConnectionFactory connectionFactory) {
		this.queueTransactions = new TransactionTemplate(new JmsTransactionManager(connectionFactory));
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
		putBack(replayed);
		this.replays.increment();
		log.info("Replayed dead letter {} (event {}, contact {})", id, replayed.eventId(), replayed.contactId());
		return this.store.find(id);
	}

	/**
	 * Replays those of these dead letters that are still open (but {@code mapping} ones):
	 * closed in one statement, and queued in one JMS transaction, committed before the
	 * database's. Should the database's commit fail after the queue's, they stay open and
	 * are replayed again later, which the delivery ledger makes harmless.
	 * @return how many were replayed
	 */
	@Transactional
	public int replay(List<String> ids) {
		List<DeadLetter> replayed = this.store.closeReplayable(ids);
		this.queueTransactions.executeWithoutResult((transaction) -> replayed.forEach(this::putBack));
		this.replays.increment(replayed.size());
		log.debug("Replayed {} dead letters", replayed.size());
		return replayed.size();
	}

	private void putBack(DeadLetter replayed) {
		if (Stage.REPLY.value().equals(replayed.stage())) {
			// A reply, not an event: back on the replies queue.
			this.replies.putReply(replayed.event());
			return;
		}
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

	@Transactional
	public Optional<DeadLetter> discard(String id) {
		return this.store.close(id, DeadLetter.Status.DISCARDED) ? this.store.find(id) : Optional.empty();
	}

	/** An operator's replay of one dead letter, whatever becomes of it. */
	@Transactional
	public Outcome replayOne(String id) {
		if (this.store.find(id).isEmpty()) {
			return Outcome.notFound(id);
		}
		try {
			return replay(id).map(Outcome::closed).orElseGet(() -> Outcome.noLongerOpen(id));
		}
		catch (NotReplayableException ex) {
			return Outcome.refused(422, ex.getMessage());
		}
	}

	/** An operator's discard of one dead letter, whatever becomes of it. */
	@Transactional
	public Outcome discardOne(String id) {
		if (this.store.find(id).isEmpty()) {
			return Outcome.notFound(id);
		}
		return discard(id).map(Outcome::closed).orElseGet(() -> Outcome.noLongerOpen(id));
	}

	/**
	 * What became of an operator's replay or discard of one dead letter: the dead letter
	 * as it is now, closed, or the HTTP status and reason of the refusal, with which the
	 * API and the console both answer.
	 */
	public record Outcome(DeadLetter closed, int status, String reason) {

		static Outcome closed(DeadLetter deadLetter) {
			return new Outcome(deadLetter, 0, null);
		}

		static Outcome notFound(String id) {
			return refused(404, "no dead letter " + id);
		}

		/** Someone replayed or discarded it first. */
		static Outcome noLongerOpen(String id) {
			return refused(409, "dead letter " + id + " is no longer open: someone replayed or discarded it");
		}

		static Outcome refused(int status, String reason) {
			return new Outcome(null, status, reason);
		}

		public boolean isClosed() {
			return this.closed != null;
		}

	}

	/** A dead letter that replaying could only fail again. */
	public static class NotReplayableException extends RuntimeException {

		NotReplayableException(String reason) {
			super(reason);
		}

	}

}

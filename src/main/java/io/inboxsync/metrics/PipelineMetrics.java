package io.inboxsync.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.inboxsync.source.SourceActivity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What happens to events, per source and stage, as metrics ({@code inbox_sync_*} in
 * Prometheus): accepted, ignored and refused at the sources, retried and dead-lettered at
 * the stages, delivered at the end, and how long an event took from the intake queue to
 * Wix. Tags hold only source and stage names, never an event, a customer or a contact;
 * each source's meters are made once and kept, so counting costs a map lookup. What the
 * sources did also goes to their last hour's activity, which the console shows.
 */
@Component
public class PipelineMetrics {

	/** Events a source put on the intake queue. */
	public static final String ACCEPTED = "inbox.sync.events.accepted";

	/** Payloads acknowledged but not taken ({@code acceptWhen}), per source. */
	public static final String IGNORED = "inbox.sync.events.ignored";

	/**
	 * Payloads a source could not take: a webhook's 4xx, a folder line or queued message
	 * kept as a mapping dead letter.
	 */
	public static final String REFUSED = "inbox.sync.events.refused";

	/** Deliveries Wix accepted (or already held), per source. */
	public static final String DELIVERED = "inbox.sync.deliveries.delivered";

	/** From the intake queue to Wix's answer to Send Message, per source. */
	public static final String LATENCY = "inbox.sync.deliveries.latency";

	/** Failed attempts that are tried again, per source and stage. */
	public static final String RETRIED = "inbox.sync.retries";

	/** Dead letters kept, per source and stage. */
	public static final String DEAD_LETTERED = "inbox.sync.dead.letters.recorded";

	/** Failed attempts waiting for their next try, now. */
	public static final String SCHEDULED_RETRIES = "inbox.sync.retries.scheduled";

	/** The source tag of what has no source (a foreign message on a pipeline queue). */
	static final String NO_SOURCE = "none";

	private final MeterRegistry meters;

	private final SourceActivity activity;

	private final Map<String, SourceMeters> sources = new ConcurrentHashMap<>();

	/**
	 * When each exchange waiting for a retry tries again (System.nanoTime()), by exchange
	 * id: a retry waits in its consumer, so there are at most as many as consumers, and
	 * one past its time has begun (or ended) and is forgotten.
	 */
	private final Map<String, Long> retriesDue = new ConcurrentHashMap<>();

	public PipelineMetrics(MeterRegistry meters, SourceActivity activity) {
		this.meters = meters;
		this.activity = activity;
		Gauge.builder(SCHEDULED_RETRIES, this, PipelineMetrics::scheduledRetries)
			.description("Failed attempts waiting in their consumer for their next try")
			.register(meters);
	}

	public void accepted(String source) {
		of(source).accepted.increment();
		this.activity.accepted(source);
	}

	public void ignored(String source) {
		of(source).ignored.increment();
		this.activity.ignored(source);
	}

	public void refused(String source) {
		of(source).refused.increment();
		if (source != null) {
			this.activity.refused(source);
		}
	}

	/**
	 * @param queuedAt when the event went onto the intake queue, or {@code null} when
	 * unknown (a delivery replayed straight onto the deliveries queue)
	 */
	public void delivered(String source, Instant queuedAt, Instant now) {
		SourceMeters meters = of(source);
		meters.delivered.increment();
		if (queuedAt != null) {
			meters.latency.record(Duration.between(queuedAt, now));
		}
	}

	/**
	 * @param exchangeId the failed attempt's exchange, the same for each of its tries
	 */
	public void retried(String source, String stage, String exchangeId, Duration delay) {
		of(source).retried(stage).increment();
		long now = System.nanoTime();
		this.retriesDue.values().removeIf((due) -> due - now <= 0);
		this.retriesDue.put(exchangeId, now + delay.toNanos());
	}

	private double scheduledRetries() {
		long now = System.nanoTime();
		return this.retriesDue.values().stream().filter((due) -> due - now > 0).count();
	}

	public void deadLettered(String source, String stage) {
		of(source).deadLettered(stage).increment();
	}

	private SourceMeters of(String source) {
		return this.sources.computeIfAbsent((source != null) ? source : NO_SOURCE, SourceMeters::new);
	}

	private final class SourceMeters {

		private final String source;

		private final Counter accepted;

		private final Counter ignored;

		private final Counter refused;

		private final Counter delivered;

		private final Timer latency;

		private final Map<String, Counter> retried = new ConcurrentHashMap<>();

		private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

		SourceMeters(String source) {
			this.source = source;
			MeterRegistry registry = PipelineMetrics.this.meters;
			this.accepted = Counter.builder(ACCEPTED)
				.description("Events a source put on the intake queue")
				.tag("source", source)
				.register(registry);
			this.ignored = Counter.builder(IGNORED)
				.description("Payloads a source acknowledged but did not take (acceptWhen)")
				.tag("source", source)
				.register(registry);
			this.refused = Counter.builder(REFUSED)
				.description("Payloads a source refused (a webhook's 4xx, a mapping dead letter)")
				.tag("source", source)
				.register(registry);
			this.delivered = Counter.builder(DELIVERED)
				.description("Deliveries (an event for one contact) that reached the contact's conversation")
				.tag("source", source)
				.register(registry);
			this.latency = Timer.builder(LATENCY)
				.description("From the intake queue to the delivery's message in Wix")
				.tag("source", source)
				.serviceLevelObjectives(Buckets.DELIVERY_LATENCY)
				.register(registry);
		}

		Counter retried(String stage) {
			return this.retried.computeIfAbsent(stage,
					(name) -> Counter.builder(RETRIED)
						.description("Failed attempts tried again")
						.tags("source", this.source, "stage", name)
						.register(PipelineMetrics.this.meters));
		}

		Counter deadLettered(String stage) {
			return this.deadLettered.computeIfAbsent(stage,
					(name) -> Counter.builder(DEAD_LETTERED)
						.description("Dead letters kept")
						.tags("source", this.source, "stage", name)
						.register(PipelineMetrics.this.meters));
		}

	}

}

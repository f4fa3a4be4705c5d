package io.inboxsync.deadletter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Bulk replays, run in the background. A job replays the dead letters that match its
 * filter and are still open when it reaches them, so running the same job twice replays
 * nothing twice. Jobs are kept in memory: after a restart the dead letters themselves say
 * what was replayed.
 */
@Component
public class ReplayJobs {

	private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);

	private final DeadLetterStore store;

	private final DeadLetterReplayer replayer;

	private final TaskExecutor executor;

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	public ReplayJobs(DeadLetterStore store, DeadLetterReplayer replayer, TaskExecutor executor) {
		this.store = store;
		this.replayer = replayer;
		this.executor = executor;
	}

	public Job start(DeadLetterStore.Filter filter) {
		// Mapping dead letters hold a payload, not an event: replaying them could only
		// fail again.
		List<String> ids = this.store.ids(filter.withStatus(DeadLetter.Status.OPEN))
			.stream()
			.filter((
					id) -> this.store.find(id).map((deadLetter) -> !"mapping".equals(deadLetter.stage())).orElse(false))
			.toList();
		Job job = new Job(UUID.randomUUID().toString(), filter, ids.size(), Instant.now());
		this.jobs.put(job.id, job);
		this.executor.execute(() -> run(job, ids));
		return job;
	}

	public Optional<Job> find(String id) {
		return Optional.ofNullable(this.jobs.get(id));
	}

	private void run(Job job, List<String> ids) {
		for (String id : ids) {
			try {
				if (this.replayer.replay(id).isPresent()) {
					job.replayed.incrementAndGet();
				}
				else {
					job.skipped.incrementAndGet();
				}
			}
			catch (RuntimeException ex) {
				job.failed.incrementAndGet();
				log.warn("Replay job {} could not replay dead letter {}: {}", job.id, id, ex.getMessage());
			}
		}
		job.finishedAt = Instant.now();
		log.info("Replay job {} done: {} replayed, {} no longer open, {} failed", job.id, job.replayed, job.skipped,
				job.failed);
	}

	/** A bulk replay and its progress. */
	public static final class Job {

		private final String id;

		private final DeadLetterStore.Filter filter;

		private final int total;

		private final Instant startedAt;

		private final AtomicInteger replayed = new AtomicInteger();

		private final AtomicInteger skipped = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		private volatile Instant finishedAt;

		Job(String id, DeadLetterStore.Filter filter, int total, Instant startedAt) {
			this.id = id;
			this.filter = filter;
			this.total = total;
			this.startedAt = startedAt;
		}

		public String getJobId() {
			return this.id;
		}

		public String getStatus() {
			return (this.finishedAt != null) ? "DONE" : "RUNNING";
		}

		public DeadLetterStore.Filter getFilter() {
			return this.filter;
		}

		public int getTotal() {
			return this.total;
		}

		public int getReplayed() {
			return this.replayed.get();
		}

		/**
		 * Matched when the job started, but replayed or discarded by someone else before
		 * the job reached them.
		 */
		public int getSkipped() {
			return this.skipped.get();
		}

		public int getFailed() {
			return this.failed.get();
		}

		public Instant getStartedAt() {
			return this.startedAt;
		}

		public Instant getFinishedAt() {
			return this.finishedAt;
		}

	}

}

package io.inboxsync.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk replays, run in the background and kept in the database, so that every instance
 * sharing it shows a job's progress and a job outlives the instance that runs it. A job
 * replays the dead letters that matched its filter when it started, a page at a time,
 * each page's replays and their count in one transaction; the instance running it renews
 * its lease with each, and any instance takes over a running job whose lease ran out.
 */
@Component
public class ReplayJobs {

	/**
	 * How long a job stays with its instance after its last step. One step takes
	 * milliseconds; this is how soon a job resumes after its instance died.
	 */
	static final Duration LEASE = Duration.ofSeconds(30);

	/**
	 * How many dead letters a job replays at once: closed in one database transaction and
	 * queued in one JMS transaction, rather than a commit of each per dead letter.
	 */
	static final int PAGE_SIZE = 200;

	/** How often each instance looks for jobs nobody works. */
	private static final long TAKE_OVER_CHECK_SECONDS = 5;

	private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);

	private final ReplayJobStore jobs;

	private final DeadLetterStore deadLetters;

	private final DeadLetterReplayer replayer;

	private final TransactionTemplate transactions;

	private final TaskExecutor executor;

	/** This instance, as the holder of the jobs it works; new at each start. */
	private final String instance = UUID.randomUUID().toString();

	private final int pageSize;

	private volatile boolean stopping;

	@Autowired
	public ReplayJobs(ReplayJobStore jobs, DeadLetterStore deadLetters, DeadLetterReplayer replayer,
			TransactionTemplate transactions,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) TaskExecutor executor) {
		this(jobs, deadLetters, replayer, transactions, executor, PAGE_SIZE);
	}

	/** Replaying {@code pageSize} dead letters at a time. */
	public ReplayJobs(ReplayJobStore jobs, DeadLetterStore deadLetters, DeadLetterReplayer replayer,
			TransactionTemplate transactions, TaskExecutor executor, int pageSize) {
		this.pageSize = pageSize;
		this.jobs = jobs;
		this.deadLetters = deadLetters;
		this.replayer = replayer;
		this.transactions = transactions;
		this.executor = executor;
	}

	/** What a job with this filter would replay, without starting one. */
	public ReplayEstimate estimate(DeadLetterStore.Filter filter) {
		return new ReplayEstimate(filter, this.deadLetters.countReplayable(filter));
	}

	public ReplayJob start(DeadLetterStore.Filter filter) {
		Instant now = Instant.now();
		ReplayJob job = this.jobs.create(filter, (jobId) -> this.deadLetters.addReplayableTo(jobId, filter),
				this.instance, now, now.plus(LEASE));
		log.info("Replay job {} started: {} dead letters", job.jobId(), job.total());
		this.executor.execute(() -> run(job.jobId()));
		return job;
	}

	public Optional<ReplayJob> find(String jobId) {
		return this.jobs.find(jobId);
	}

	/** The latest jobs first, whichever instance started them. */
	public List<ReplayJob> recent(int limit) {
		return this.jobs.recent(limit);
	}

	/**
	 * Stops a running job on whichever instance works it: once this returns, it replays
	 * nothing more. False when it is no longer running.
	 */
	public boolean cancel(String jobId) {
		boolean cancelled = this.jobs.cancel(jobId, Instant.now());
		if (cancelled) {
			log.info("Replay job {} cancelled", jobId);
		}
		return cancelled;
	}

	/**
	 * Replays the job's next page of dead letters, or closes the job when none is left.
	 * False once there is nothing more for this instance to do: the job is done,
	 * cancelled, or held by another instance.
	 */
	public boolean replayNext(String jobId) {
		List<ReplayJobStore.Step> page = this.jobs.next(jobId, this.pageSize);
		if (page.isEmpty()) {
			if (this.jobs.finish(jobId, this.instance, Instant.now())) {
				this.jobs.find(jobId)
					.ifPresent((job) -> log.info("Replay job {} done: {} replayed, {} no longer open, {} failed", jobId,
							job.replayed(), job.skipped(), job.failed()));
			}
			return false;
		}
		try {
			return Boolean.TRUE.equals(this.transactions.execute((transaction) -> {
				if (!hold(jobId, page.get(0))) {
					return false;
				}
				int replayed = this.replayer.replay(page.stream().map(ReplayJobStore.Step::deadLetterId).toList());
				this.jobs.count(jobId, replayed, page.size() - replayed, 0);
				return true;
			}));
		}
		catch (RuntimeException ex) {
			// One of them, or the queue, failed: one at a time, to count only what
			// failed as failed.
			log.warn("Replay job {} could not replay {} dead letters at once, one at a time now: {}", jobId,
					page.size(), ex.getMessage());
			for (ReplayJobStore.Step step : page) {
				if (!replayOne(jobId, step)) {
					return false;
				}
			}
			return true;
		}
	}

	private boolean replayOne(String jobId, ReplayJobStore.Step step) {
		try {
			return Boolean.TRUE.equals(this.transactions.execute((transaction) -> {
				if (!hold(jobId, step)) {
					return false;
				}
				boolean replayed = this.replayer.replay(step.deadLetterId()).isPresent();
				this.jobs.count(jobId, replayed ? ReplayJobStore.Outcome.REPLAYED : ReplayJobStore.Outcome.SKIPPED);
				return true;
			}));
		}
		catch (RuntimeException ex) {
			log.warn("Replay job {} could not replay dead letter {}: {}", jobId, step.deadLetterId(), ex.getMessage());
			return Boolean.TRUE.equals(this.transactions.execute((transaction) -> {
				if (!hold(jobId, step)) {
					return false;
				}
				this.jobs.count(jobId, ReplayJobStore.Outcome.FAILED);
				return true;
			}));
		}
	}

	/**
	 * Takes over the running jobs whose instance stopped renewing their lease (it died or
	 * stopped; this one before a restart included).
	 */
	@Scheduled(fixedDelay = TAKE_OVER_CHECK_SECONDS, timeUnit = TimeUnit.SECONDS)
	public void takeOverAbandoned() {
		if (this.stopping) {
			return;
		}
		for (String jobId : this.jobs.abandoned(Instant.now())) {
			Instant now = Instant.now();
			if (this.jobs.claim(jobId, this.instance, now, now.plus(LEASE))) {
				log.info("Replay job {} resumed here: the instance that ran it stopped", jobId);
				this.executor.execute(() -> run(jobId));
			}
		}
	}

	/**
	 * Stops working jobs before the routes and the database go (the context publishes
	 * this first), rather than count their dead letters as failed. Another instance, or
	 * this one restarted, resumes them once their lease runs out.
	 */
	@EventListener(ContextClosedEvent.class)
	void stop() {
		this.stopping = true;
	}

	private boolean hold(String jobId, ReplayJobStore.Step step) {
		return this.jobs.hold(jobId, this.instance, step, Instant.now().plus(LEASE));
	}

	private void run(String jobId) {
		try {
			boolean more = true;
			while (more && !this.stopping) {
				more = replayNext(jobId);
			}
		}
		catch (RuntimeException ex) {
			// The database is out of reach: the lease runs out and the job resumes then.
			log.warn("Replay job {} paused: {}", jobId, ex.getMessage());
		}
	}

}

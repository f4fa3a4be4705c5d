package io.inboxsync.deadletter;

import java.time.Instant;
import java.util.Map;

import io.inboxsync.web.ErrorBody;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of the dead letters: find them, replay them (one or in bulk), or
 * discard them.
 */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

	private static final int MAX_LIMIT = 500;

	private final DeadLetterStore store;

	private final DeadLetterReplayer replayer;

	private final ReplayJobs replayJobs;

	DeadLetterController(DeadLetterStore store, DeadLetterReplayer replayer, ReplayJobs replayJobs) {
		this.store = store;
		this.replayer = replayer;
		this.replayJobs = replayJobs;
	}

	/** Newest failure first. */
	@GetMapping
	ResponseEntity<?> list(@RequestParam(required = false) DeadLetter.Status status,
			@RequestParam(required = false) String source, @RequestParam(required = false) String stage,
			@RequestParam(required = false) String reason, @RequestParam(required = false) String eventId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
			return ResponseEntity.badRequest()
				.body(ErrorBody.of(400, "limit must be 1 to " + MAX_LIMIT + " and offset 0 or more"));
		}
		DeadLetterStore.Filter filter = new DeadLetterStore.Filter(status, source, stage, reason, eventId, from, to);
		return ResponseEntity.ok(this.store.list(filter, limit, offset));
	}

	@GetMapping("/{id}")
	ResponseEntity<?> show(@PathVariable String id) {
		return this.store.find(id)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> answer(DeadLetterReplayer.Outcome.notFound(id), 200));
	}

	/**
	 * 202: the event is back on the intake queue. 409 when the dead letter is no longer
	 * open.
	 */
	@PostMapping("/{id}/replay")
	ResponseEntity<?> replay(@PathVariable String id) {
		return answer(this.replayer.replayOne(id), 202);
	}

	@PostMapping("/{id}/discard")
	ResponseEntity<?> discard(@PathVariable String id) {
		return answer(this.replayer.discardOne(id), 200);
	}

	private static ResponseEntity<?> answer(DeadLetterReplayer.Outcome outcome, int done) {
		if (outcome.isClosed()) {
			return ResponseEntity.status(done).body(outcome.closed());
		}
		return ResponseEntity.status(outcome.status()).body(ErrorBody.of(outcome.status(), outcome.reason()));
	}

	/**
	 * Replays every open dead letter matching the filters, in the background: 202 with
	 * the job to follow.
	 */
	@PostMapping("/replay")
	ResponseEntity<?> replayAll(@RequestParam(required = false) String source,
			@RequestParam(required = false) String stage, @RequestParam(required = false) String reason,
			@RequestParam(required = false) String eventId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		return ResponseEntity.accepted()
			.body(this.replayJobs.start(replayFilter(source, stage, reason, eventId, from, to)));
	}

	/** How many dead letters a bulk replay with the same filters would replay now. */
	@GetMapping("/replay-jobs/estimate")
	ResponseEntity<?> estimateReplay(@RequestParam(required = false) String source,
			@RequestParam(required = false) String stage, @RequestParam(required = false) String reason,
			@RequestParam(required = false) String eventId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
		return ResponseEntity.ok(this.replayJobs.estimate(replayFilter(source, stage, reason, eventId, from, to)));
	}

	/** The latest bulk replays first, whichever instance started them. */
	@GetMapping("/replay-jobs")
	ResponseEntity<?> replayJobs(@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			return ResponseEntity.badRequest().body(ErrorBody.of(400, "limit must be 1 to " + MAX_LIMIT));
		}
		return ResponseEntity.ok(Map.of("jobs", this.replayJobs.recent(limit)));
	}

	@GetMapping("/replay-jobs/{jobId}")
	ResponseEntity<?> replayJob(@PathVariable String jobId) {
		return this.replayJobs.find(jobId)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> noReplayJob(jobId));
	}

	/**
	 * Stops a running bulk replay, on whichever instance runs it: 200 with the job as it
	 * stopped; 409 when it is no longer running.
	 */
	@PostMapping("/replay-jobs/{jobId}/cancel")
	ResponseEntity<?> cancelReplayJob(@PathVariable String jobId) {
		if (this.replayJobs.find(jobId).isEmpty()) {
			return noReplayJob(jobId);
		}
		boolean cancelled = this.replayJobs.cancel(jobId);
		ReplayJob job = this.replayJobs.find(jobId).orElseThrow();
		return cancelled ? ResponseEntity.ok(job) : ResponseEntity.status(409)
			.body(ErrorBody.of(409, "replay job " + jobId + " is already " + job.status()));
	}

	private static DeadLetterStore.Filter replayFilter(String source, String stage, String reason, String eventId,
			Instant from, Instant to) {
		return new DeadLetterStore.Filter(DeadLetter.Status.OPEN, source, stage, reason, eventId, from, to);
	}

	private static ResponseEntity<?> noReplayJob(String jobId) {
		return ResponseEntity.status(404).body(ErrorBody.of(404, "no replay job " + jobId));
	}

}

package io.inboxsync.deadletter;

import java.time.Instant;

/**
 * A bulk replay and how far it got, as every instance sharing the database sees it.
 *
 * @param filter the dead letters it replays: those open and matching when it started
 * @param total how many matched then
 * @param skipped matched when the job started, but replayed or discarded by someone else
 * before the job reached them
 * @param finishedAt when it was done or cancelled
 */
public record ReplayJob(String jobId, Status status, DeadLetterStore.Filter filter, int total, int replayed,
		int skipped, int failed, Instant startedAt, Instant finishedAt) {

	public enum Status {

		/** Being worked, or waiting for an instance to take it over. */
		RUNNING,

		DONE,

		/**
		 * Stopped by an operator: what it replayed stays replayed, the rest stays open.
		 */
		CANCELLED

	}

}

package io.inboxsync.deadletter;

/**
 * What a bulk replay with this filter would replay if it started now.
 *
 * @param total the open dead letters it matches (those of the {@code mapping} stage left
 * out: they hold no event to replay)
 */
public record ReplayEstimate(DeadLetterStore.Filter filter, long total) {

}

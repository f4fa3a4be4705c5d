package io.inboxsync.config;

import java.util.List;

/**
 * Queues inbox-sync consumes and must never lose a message from: each concern that owns
 * some declares them as a bean, and the broker, embedded or external, gets the same
 * settings for every one ({@link PipelineQueueSettings}).
 */
public record DurableQueues(List<String> names) {

	public DurableQueues(String... names) {
		this(List.of(names));
	}

}

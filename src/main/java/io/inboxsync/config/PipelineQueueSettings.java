package io.inboxsync.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * How the broker must treat inbox-sync's queues, embedded or external. A message a
 * consumer did not finish (its process died, or it could not even record a dead letter)
 * is handed over again at once and first: a redelivery delay would let the group's later
 * messages overtake it. The broker never gives up on it and never moves it to its own
 * dead-letter address, where no operator of inbox-sync would see it; a consumer that
 * keeps failing backs off in place (routes/error-handling.yaml). A backlog beyond
 * {@link #IN_MEMORY_PER_QUEUE} is paged to disk rather than held in the heap, so a burst
 * of any size leaves the process's memory flat.
 */
final class PipelineQueueSettings {

	/** How much of a queue the broker keeps in memory; the rest waits in page files. */
	static final long IN_MEMORY_PER_QUEUE = 8 * 1024 * 1024;

	/**
	 * The size of a page file: below the memory allowed (the broker refuses otherwise;
	 * its default is 10 MB).
	 */
	static final int PAGE_FILE_SIZE = 1024 * 1024;

	private PipelineQueueSettings() {
	}

	/** Address settings by queue, for every durable queue declared. */
	static Map<String, AddressSettings> of(List<DurableQueues> declared) {
		Map<String, AddressSettings> settings = new LinkedHashMap<>();
		declared.stream()
			.flatMap((queues) -> queues.names().stream())
			.forEach((queue) -> settings.put(queue,
					new AddressSettings().setMaxDeliveryAttempts(-1)
						.setRedeliveryDelay(0)
						.setMaxSizeBytes(IN_MEMORY_PER_QUEUE)
						.setPageSizeBytes(PAGE_FILE_SIZE)
						.setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)));
		return settings;
	}

}

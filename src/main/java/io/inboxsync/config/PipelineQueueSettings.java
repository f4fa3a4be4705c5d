package io.inboxsync.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * How the broker must treat the pipeline's queues, embedded or external. A message a
 * consumer did not finish (its process died, or it could not even record a dead letter)
 * is handed over again at once and first: a redelivery delay would let the group's later
 * messages overtake it. The broker never gives up on it and never moves it to its own
 * dead-letter address, where no operator of inbox-sync would see it; a consumer that
 * keeps failing backs off in place (routes/error-handling.yaml).
 */
final class PipelineQueueSettings {

	private PipelineQueueSettings() {
	}

	/** Address settings by queue: the intake queue and the deliveries queue. */
	static Map<String, AddressSettings> of(InboxSyncProperties properties) {
		Map<String, AddressSettings> settings = new LinkedHashMap<>();
		for (String queue : new String[] { properties.pipeline().queue(), properties.delivery().queue() }) {
			settings.put(queue,
					new AddressSettings().setMaxDeliveryAttempts(-1)
						.setRedeliveryDelay(1000)
						.setRedeliveryMultiplier(2.0)
						.setMaxRedeliveryDelay(60_000));
		}
		return settings;
	}

}

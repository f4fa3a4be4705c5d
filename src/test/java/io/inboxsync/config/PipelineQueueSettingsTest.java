package io.inboxsync.config;

import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineQueueSettingsTest {

	@Test
	void everyDurableQueueIsRedeliveredAtOnceAndNeverGivenUpOn() {
		Map<String, AddressSettings> settings = PipelineQueueSettings
			.of(List.of(new DurableQueues("inbox-sync.events", "inbox-sync.deliveries"),
					new DurableQueues("inbox-sync.replies")));

		assertThat(settings).containsOnlyKeys("inbox-sync.events", "inbox-sync.deliveries", "inbox-sync.replies");
		for (AddressSettings queue : settings.values()) {
			assertThat(queue.getMaxDeliveryAttempts()).isEqualTo(-1);
			assertThat(queue.getRedeliveryDelay()).isZero();
			assertThat(queue.getMaxSizeBytes()).isEqualTo(8 * 1024 * 1024);
			assertThat(queue.getPageSizeBytes()).isEqualTo(1024 * 1024);
			assertThat(queue.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.PAGE);
		}
	}

}

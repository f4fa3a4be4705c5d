package io.inboxsync.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * An external broker made without inbox-sync's queue settings (a plain
 * {@code artemis create}: at most 10 delivery attempts, then the broker's own dead-letter
 * address) gets them from inbox-sync at startup.
 */
class ExternalBrokerQueuesTest {

	private static final Map<String, AddressSettings> SETTINGS = Map.of("inbox-sync.deliveries",
			new AddressSettings().setMaxDeliveryAttempts(-1).setRedeliveryDelay(0));

	private EmbeddedActiveMQ broker;

	@AfterEach
	void stopBroker() throws Exception {
		if (this.broker != null) {
			this.broker.stop();
		}
	}

	@Test
	void aBrokerWithoutTheSettingsGetsThemAndNeverDeadLettersAQueuedMessage() throws Exception {
		startBroker("activemq.management");
		assertThat(maxDeliveryAttempts("inbox-sync.deliveries")).isEqualTo(10);

		new ExternalBrokerQueues(connectionFactory(), SETTINGS, Duration.ofSeconds(10)).apply();

		assertThat(maxDeliveryAttempts("inbox-sync.deliveries")).isEqualTo(-1);
		assertThat(this.broker.getActiveMQServer()
			.getAddressSettingsRepository()
			.getMatch("inbox-sync.deliveries")
			.getRedeliveryDelay()).isZero();
	}

	/**
	 * What inbox-sync really sends, which the broker checks whole (a page below the
	 * memory allowed).
	 */
	@Test
	void aBrokerTakesThePipelinesOwnSettings() throws Exception {
		startBroker("activemq.management");
		Map<String, AddressSettings> pipeline = PipelineQueueSettings
			.of(List.of(new DurableQueues("inbox-sync.events", "inbox-sync.deliveries")));

		new ExternalBrokerQueues(connectionFactory(), pipeline, Duration.ofSeconds(10)).apply();

		AddressSettings applied = this.broker.getActiveMQServer()
			.getAddressSettingsRepository()
			.getMatch("inbox-sync.events");
		assertThat(applied.getMaxDeliveryAttempts()).isEqualTo(-1);
		assertThat(applied.getMaxSizeBytes()).isEqualTo(PipelineQueueSettings.IN_MEMORY_PER_QUEUE);
	}

	@Test
	void aBrokerThatDoesNotAnswerStopsTheStartWithTheBlockToAddInstead() throws Exception {
		startBroker("management.elsewhere");

		assertThatIllegalStateException()
			.isThrownBy(() -> new ExternalBrokerQueues(connectionFactory(), SETTINGS, Duration.ofMillis(500)).apply())
			.withMessageContaining("no answer")
			.withMessageContaining("inbox-sync.broker.configure-external-queues=false")
			.withMessageContaining("<address-setting match=\"inbox-sync.deliveries\">")
			.withMessageContaining("<max-delivery-attempts>-1</max-delivery-attempts>");
	}

	private void startBroker(String managementAddress) throws Exception {
		ConfigurationImpl configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(false);
		configuration.setSecurityEnabled(false);
		configuration.setManagementAddress(org.apache.activemq.artemis.api.core.SimpleString.of(managementAddress));
		configuration.addAcceptorConfiguration("in-vm", "vm://42");
		this.broker = new EmbeddedActiveMQ().setConfiguration(configuration);
		this.broker.start();
	}

	private int maxDeliveryAttempts(String queue) {
		return this.broker.getActiveMQServer().getAddressSettingsRepository().getMatch(queue).getMaxDeliveryAttempts();
	}

	private static ActiveMQConnectionFactory connectionFactory() {
		return new ActiveMQConnectionFactory("vm://42");
	}

}

package io.inboxsync.config;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the embedded broker treats the intake queue (an external broker needs the same address settings). */
@Configuration(proxyBeanMethods = false)
class IntakeBrokerConfiguration {

	@Bean
	ArtemisConfigurationCustomizer intakeQueueSettings(InboxSyncProperties properties) {
		return (broker) -> {
			// A message delivered before a crash comes back flagged as redelivered, so the pipeline checks Wix
			// before sending it again.
			broker.setPersistDeliveryCountBeforeDelivery(true);
			// The pipeline rolls a message back only when it could not even record a dead letter: keep trying, more
			// and more slowly, rather than ever dropping it.
			broker.addAddressSetting(properties.pipeline().queue(), new AddressSettings().setMaxDeliveryAttempts(-1)
				.setRedeliveryDelay(1000)
				.setRedeliveryMultiplier(2.0)
				.setMaxRedeliveryDelay(60_000));
		};
	}

}

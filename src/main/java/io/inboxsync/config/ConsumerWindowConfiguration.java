package io.inboxsync.config;

import java.util.Optional;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * inbox-sync's consumers are slow ones in Artemis' sense: each message waits for its turn
 * to call Wix, and a retried one holds its consumer for minutes. So they take no messages
 * ahead (a consumer window of 0, on the embedded and an external broker alike): a message
 * stays on the broker until a consumer is ready for it, a new customer or contact goes to
 * a consumer that is free rather than behind another's retries, and a consumer that dies
 * holds nothing but the message it was working on.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerWindowConfiguration {

	static final int NO_MESSAGES_AHEAD = 0;

	@Bean
	static BeanPostProcessor noMessagesAhead() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				artemisFactoryOf(bean).ifPresent((factory) -> factory.setConsumerWindowSize(NO_MESSAGES_AHEAD));
				return bean;
			}

		};
	}

	/** Spring Boot's Artemis connection factory, whether cached (the default) or not. */
	static Optional<ActiveMQConnectionFactory> artemisFactoryOf(Object bean) {
		if (bean instanceof SingleConnectionFactory cached) {
			return artemisFactoryOf(cached.getTargetConnectionFactory());
		}
		return (bean instanceof ActiveMQConnectionFactory factory) ? Optional.of(factory) : Optional.empty();
	}

}

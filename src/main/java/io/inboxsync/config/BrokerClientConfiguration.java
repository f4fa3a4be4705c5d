package io.inboxsync.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * How inbox-sync's own connection to the broker, embedded or external, names its queues.
 */
@Configuration(proxyBeanMethods = false)
class BrokerClientConfiguration {

	/**
	 * Every send names its queue, and Artemis asks the broker about the queue each time
	 * unless told to remember: a blocking round trip per message, whose answer (with the
	 * queue's message count) costs the broker more the longer the queue. Spring Boot has
	 * no customizer for Artemis' connection factory, so it is set where Spring Boot made
	 * it, inside the caching factory.
	 */
	@Bean
	static BeanPostProcessor artemisRemembersQueues() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				rememberQueues(bean);
				return bean;
			}

		};
	}

	static void rememberQueues(Object bean) {
		Object factory = (bean instanceof CachingConnectionFactory caching) ? caching.getTargetConnectionFactory()
				: bean;
		if (factory instanceof ActiveMQConnectionFactory artemis) {
			artemis.setCacheDestinations(true);
		}
	}

}

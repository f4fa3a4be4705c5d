package io.inboxsync.config;

import java.time.Duration;

import jakarta.jms.ConnectionFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With an external broker ({@code spring.artemis.mode=native}), inbox-sync sets up its
 * queues there before its routes start, unless
 * {@code inbox-sync.broker.configure-external-queues} is off because an administrator
 * keeps them in {@code broker.xml}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "native")
class ExternalBrokerConfiguration {

	@Bean
	@ConditionalOnProperty(name = "inbox-sync.broker.configure-external-queues", havingValue = "true",
			matchIfMissing = true)
	InitializingBean externalBrokerQueues(ConnectionFactory connectionFactory, ObjectProvider<DurableQueues> queues) {
		return () -> new ExternalBrokerQueues(connectionFactory,
				PipelineQueueSettings.of(queues.orderedStream().toList()), Duration.ofSeconds(30))
			.apply();
	}

}

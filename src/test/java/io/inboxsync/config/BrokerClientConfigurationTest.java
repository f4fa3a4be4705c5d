package io.inboxsync.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.jms.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerClientConfigurationTest {

	@Test
	void artemisBehindSpringBootsCachingFactoryRemembersQueues() {
		ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://0");

		BrokerClientConfiguration.rememberQueues(new CachingConnectionFactory(artemis));

		assertThat(artemis.isCacheDestinations()).isTrue();
	}

	@Test
	void artemisOnItsOwnRemembersQueues() {
		ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://0");

		BrokerClientConfiguration.rememberQueues(artemis);

		assertThat(artemis.isCacheDestinations()).isTrue();
	}

}

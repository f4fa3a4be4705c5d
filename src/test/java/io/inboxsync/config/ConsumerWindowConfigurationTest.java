package io.inboxsync.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.jms.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerWindowConfigurationTest {

	@Test
	void springBootsCachedArtemisFactoryTakesNoMessagesAhead() throws Exception {
		ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://0");
		CachingConnectionFactory cached = new CachingConnectionFactory(artemis);

		ConsumerWindowConfiguration.noMessagesAhead().postProcessBeforeInitialization(cached, "jmsConnectionFactory");

		assertThat(artemis.getConsumerWindowSize()).isZero();
	}

	@Test
	void aPlainArtemisFactoryTakesNoMessagesAhead() throws Exception {
		ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("tcp://localhost:61616");

		ConsumerWindowConfiguration.noMessagesAhead().postProcessBeforeInitialization(artemis, "jmsConnectionFactory");

		assertThat(artemis.getConsumerWindowSize()).isZero();
	}

	@Test
	void otherBeansAreLeftAlone() throws Exception {
		Object other = new Object();

		assertThat(ConsumerWindowConfiguration.noMessagesAhead().postProcessBeforeInitialization(other, "other"))
			.isSameAs(other);
	}

}

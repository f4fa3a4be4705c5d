package io.inboxsync.config;

import java.util.Objects;
import java.util.UUID;

import io.inboxsync.source.RunningSources;
import io.inboxsync.source.SourceCompiler;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the embedded broker treats the pipeline's queues (an external broker needs the same
 * address settings), and the acceptor through which producers outside inbox-sync reach
 * sources' queues ({@code inbox-sync.broker.acceptor}).
 */
@Configuration(proxyBeanMethods = false)
class IntakeBrokerConfiguration {

	/** The acceptor's name in the broker's configuration and logs. */
	static final String OUTSIDE_ACCEPTOR = "inbox-sync-outside";

	@Bean
	DurableQueues pipelineDurableQueues(InboxSyncProperties properties) {
		return new DurableQueues(properties.pipeline().queue(), properties.delivery().queue());
	}

	@Bean
	ArtemisConfigurationCustomizer intakeQueueSettings(ObjectProvider<DurableQueues> queues) {
		return (broker) -> {
			// A message delivered before a crash comes back flagged as redelivered, so
			// the
			// pipeline checks Wix before sending it again.
			broker.setPersistDeliveryCountBeforeDelivery(true);
			PipelineQueueSettings.of(queues.orderedStream().toList()).forEach(broker::addAddressSetting);
		};
	}

	@Bean
	ArtemisConfigurationCustomizer outsideAcceptor(InboxSyncProperties properties) {
		InboxSyncProperties.Broker.Acceptor acceptor = properties.broker().acceptor();
		return (broker) -> {
			if (!acceptor.enabled()) {
				return;
			}
			if (!acceptor.hasCredentials()) {
				throw new IllegalStateException("inbox-sync.broker.acceptor.enabled is true but its user or password "
						+ "is not set: set inbox-sync.broker.acceptor.user and inbox-sync.broker.acceptor.password "
						+ "(environment INBOX_SYNC_BROKER_ACCEPTOR_PASSWORD)");
			}
			try {
				// One port for both protocols: Artemis tells them apart by the
				// connection's first bytes.
				broker.addAcceptorConfiguration(OUTSIDE_ACCEPTOR,
						"tcp://" + acceptor.host() + ":" + acceptor.port() + "?protocols=CORE,AMQP");
			}
			catch (Exception ex) {
				throw new IllegalStateException("inbox-sync.broker.acceptor: not a valid host and port", ex);
			}
			broker.setSecurityEnabled(true);
			// Cached sign-ins are keyed by user and password only: inbox-sync's own
			// in-JVM connection has neither, and
			// an outside connection without them must never be let in on its cached
			// success. Checks are cheap.
			broker.setAuthenticationCacheSize(0);
			broker.setAuthorizationCacheSize(0);
			// Artemis lets its cluster user in with the cluster password, whose default
			// is well known; we form no
			// cluster, so nobody needs to know it.
			broker.setClusterPassword(UUID.randomUUID().toString());
		};
	}

	/**
	 * With the acceptor open, the broker checks every connection with
	 * {@link OutsideProducerAccess}. Set before the broker starts (Spring Boot starts it
	 * as the bean's init method); there is no customizer for it.
	 */
	@Bean
	static BeanPostProcessor outsideProducerAccess(ObjectProvider<InboxSyncProperties> properties,
			ObjectProvider<RunningSources> sources) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof EmbeddedActiveMQ broker) {
					InboxSyncProperties.Broker.Acceptor acceptor = properties.getObject().broker().acceptor();
					if (acceptor.enabled() && acceptor.hasCredentials()) {
						broker.setSecurityManager(new OutsideProducerAccess(acceptor.user(), acceptor.password(),
								(address) -> isSourceQueue(sources.getObject(), address)));
					}
				}
				return bean;
			}

		};
	}

	private static boolean isSourceQueue(RunningSources sources, String address) {
		return sources.all()
			.stream()
			.anyMatch((source) -> SourceCompiler.QUEUE_TEMPLATE.equals(source.template())
					&& Objects.equals(source.routeParameters().get("queue"), address));
	}

}

package io.inboxsync.benchmark;

import io.inboxsync.config.DurableQueues;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the benchmark's bare route the broker settings of inbox-sync's own queues (paged
 * to disk beyond the same size), so that the intake's anchor pays for the same disk
 * writes the webhook does. Found by the service's component scan when the benchmark
 * starts it on the test classpath; inert everywhere else.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(InboxSyncBenchmark.BARE_QUEUE_SETTING)
class BareQueueSettings {

	@Bean
	DurableQueues benchmarkBareQueue(@Value("${" + InboxSyncBenchmark.BARE_QUEUE_SETTING + "}") String queue) {
		return new DurableQueues(queue);
	}

}

package io.inboxsync.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How many dead letters wait for an operator: the number to alert on. */
@Configuration(proxyBeanMethods = false)
class DeadLetterMetrics {

	@Bean
	Gauge openDeadLetters(MeterRegistry meters, DeadLetterStore store) {
		return Gauge.builder("inbox.sync.dead.letters.open", store, DeadLetterStore::countOpen)
			.description("Dead letters waiting to be replayed or discarded")
			.register(meters);
	}

}

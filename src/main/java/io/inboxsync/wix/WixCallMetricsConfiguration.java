package io.inboxsync.wix;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One timer per Wix call: {@link WixCallMetrics}', by operation and status. The call's
 * observation and its HTTP exchange's are there for their spans in the event's trace; the
 * timers Micrometer would make of them too (the exchange's is named under the call's) are
 * left out.
 */
@Configuration(proxyBeanMethods = false)
class WixCallMetricsConfiguration {

	@Bean
	MeterFilter wixCallObservationsMakeNoTimers() {
		return MeterFilter.denyNameStartsWith(WixClient.CALL_OBSERVATION);
	}

}

package io.inboxsync.wix;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One timer per Wix call: {@link WixCallMetrics}', by operation and status. The call's
 * observation is there for its span in the event's trace; the timers Micrometer would
 * make of it too are left out.
 */
@Configuration(proxyBeanMethods = false)
class WixCallMetricsConfiguration {

	@Bean
	MeterFilter wixCallObservationsMakeNoTimers() {
		return MeterFilter.denyNameStartsWith(WixClient.CALL_OBSERVATION);
	}

}

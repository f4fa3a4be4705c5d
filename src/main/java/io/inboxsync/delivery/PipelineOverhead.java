package io.inboxsync.delivery;

import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

import org.springframework.stereotype.Component;

/**
 * Metric {@code inbox.sync.pipeline.overhead}: the time inbox-sync itself spends on a
 * queued message (an event at the lookup, a delivery at the send), from taking it off its
 * queue to done, less the time its Wix calls took. A queued message is handled on one
 * thread, so the Wix time is summed per thread by {@link #wixCall}.
 */
@Component
public class PipelineOverhead extends EventNotifierSupport {

	/** The routes that take messages off the pipeline's queues. */
	private static final Set<String> CONSUMERS = Set.of("inbox-sync-intake", "inbox-sync-deliveries");

	private static final ThreadLocal<long[]> WIX_NANOS = ThreadLocal.withInitial(() -> new long[1]);

	private final Timer overhead;

	public PipelineOverhead(MeterRegistry meters) {
		this.overhead = Timer.builder("inbox.sync.pipeline.overhead")
			.description("Time in inbox-sync per queued message, Wix calls excluded")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		setIgnoreCamelContextEvents(true);
		setIgnoreRouteEvents(true);
		setIgnoreServiceEvents(true);
		setIgnoreStepEvents(true);
		setIgnoreExchangeSendingEvents(true);
		setIgnoreExchangeSentEvents(true);
		setIgnoreExchangeRedeliveryEvents(true);
	}

	/** Adds a Wix call's duration to the event being handled on this thread. */
	public static void wixCall(long nanos) {
		WIX_NANOS.get()[0] += nanos;
	}

	@Override
	public boolean isEnabled(CamelEvent event) {
		return event instanceof CamelEvent.ExchangeEvent exchangeEvent && isQueuedEvent(exchangeEvent.getExchange())
				&& (event instanceof CamelEvent.ExchangeCreatedEvent
						|| event instanceof CamelEvent.ExchangeCompletedEvent
						|| event instanceof CamelEvent.ExchangeFailedEvent);
	}

	@Override
	public void notify(CamelEvent event) {
		Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
		if (event instanceof CamelEvent.ExchangeCreatedEvent) {
			WIX_NANOS.get()[0] = 0;
			return;
		}
		long total = exchange.getClock().elapsed() * 1_000_000;
		this.overhead.record(Duration.ofNanos(Math.max(0, total - WIX_NANOS.get()[0])));
	}

	/** The exchange of a message taken off a queue, not one of the split's copies. */
	private static boolean isQueuedEvent(Exchange exchange) {
		return exchange.getFromRouteId() != null && CONSUMERS.contains(exchange.getFromRouteId())
				&& exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) == null;
	}

}

package io.inboxsync.wix;

import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.delivery.PipelineOverhead;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * What every call to the Wix site goes through: the site's pace ({@link WixPace}), shared
 * by all calls (and by all instances sharing a database), so a backlog drains at Wix's
 * pace instead of in a 429 storm; and a circuit breaker that stops calling Wix while it
 * is down, letting a few probes through to find out when it is back. Both, and every
 * call, are measured ({@link WixCallMetrics}).
 */
@Component
public class WixCallGuard {

	private static final Logger log = LoggerFactory.getLogger(WixCallGuard.class);

	private final WixPace pace;

	private final CircuitBreaker circuitBreaker;

	private final WixCallMetrics metrics;

	public WixCallGuard(InboxSyncProperties properties, WixPace pace, MeterRegistry meters) {
		this.pace = pace;
		InboxSyncProperties.Wix.CircuitBreaker breaker = properties.wix().circuitBreaker();
		this.circuitBreaker = CircuitBreaker.of("wix",
				CircuitBreakerConfig.custom()
					.failureRateThreshold(breaker.failureRatePercent())
					.slidingWindowSize(breaker.slidingWindowCalls())
					.minimumNumberOfCalls(breaker.slidingWindowCalls())
					.waitDurationInOpenState(breaker.openFor())
					.permittedNumberOfCallsInHalfOpenState(breaker.probes())
					.recordException(WixCallGuard::isOutage)
					.build());
		this.circuitBreaker.getEventPublisher()
			.onStateTransition((event) -> log.warn("Calls to Wix: {}", event.getStateTransition()));
		this.metrics = new WixCallMetrics(meters, this.circuitBreaker,
				properties.wix().rateLimit().requestsPerMinute());
	}

	/**
	 * Makes the call when its turn comes; the time taken, waiting included, is Wix's, not
	 * the pipeline's.
	 * @param operation the call's name in metrics, such as {@code send-message}
	 */
	public <T> T call(String operation, Supplier<T> wixCall) {
		long started = System.nanoTime();
		try {
			return this.circuitBreaker.executeSupplier(() -> {
				awaitTurn();
				return measured(operation, wixCall);
			});
		}
		catch (CallNotPermittedException ex) {
			throw new WixUnavailableException("calls to Wix are paused: most recent calls failed", ex);
		}
		finally {
			PipelineOverhead.wixCall(System.nanoTime() - started);
		}
	}

	private void awaitTurn() {
		long waitFrom = System.nanoTime();
		boolean taken = false;
		try {
			this.pace.awaitTurn();
			taken = true;
		}
		finally {
			this.metrics.waited(System.nanoTime() - waitFrom, taken);
		}
	}

	private <T> T measured(String operation, Supplier<T> wixCall) {
		long callFrom = System.nanoTime();
		String status = WixCallMetrics.FAILED_HERE;
		try {
			T answer = wixCall.get();
			status = "200";
			return answer;
		}
		catch (WixApiException ex) {
			status = Integer.toString(ex.status());
			throw ex;
		}
		catch (ResourceAccessException ex) {
			status = WixCallMetrics.NO_ANSWER;
			throw ex;
		}
		finally {
			this.metrics.call(operation, status, System.nanoTime() - callFrom);
		}
	}

	/**
	 * The circuit breaker's state: {@code CLOSED} (calling Wix), {@code OPEN} (paused),
	 * {@code HALF_OPEN} (probing).
	 */
	public String circuitState() {
		return this.circuitBreaker.getState().name();
	}

	/**
	 * Wix being down, as opposed to Wix refusing a request (4xx, including 429, which
	 * pacing handles).
	 */
	private static boolean isOutage(Throwable failure) {
		return (failure instanceof WixApiException wix) ? wix.status() >= 500
				: failure instanceof ResourceAccessException;
	}

}

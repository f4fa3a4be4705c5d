package io.inboxsync.wix;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.delivery.PipelineOverhead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * What every call to the Wix site goes through: one rate limiter for the site, shared by
 * all calls, so a backlog drains at Wix's pace instead of in a 429 storm; and a circuit
 * breaker that stops calling Wix while it is down, letting a few probes through to find
 * out when it is back.
 */
@Component
public class WixCallGuard {

	private static final Logger log = LoggerFactory.getLogger(WixCallGuard.class);

	private final RateLimiter rateLimiter;

	private final CircuitBreaker circuitBreaker;

	public WixCallGuard(InboxSyncProperties properties) {
		InboxSyncProperties.Wix.RateLimit pace = properties.wix().rateLimit();
		// One permit at a time, evenly spaced: 190 a minute is one every 316 ms, never a
		// burst at a minute's start.
		this.rateLimiter = RateLimiter.of("wix",
				RateLimiterConfig.custom()
					.limitForPeriod(1)
					.limitRefreshPeriod(Duration.ofNanos(60_000_000_000L / pace.requestsPerMinute()))
					.timeoutDuration(pace.maxWait())
					.build());
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
	}

	/**
	 * Makes the call when its turn comes; the time taken, waiting included, is Wix's, not
	 * the pipeline's.
	 */
	public <T> T call(Supplier<T> wixCall) {
		long started = System.nanoTime();
		try {
			return this.circuitBreaker.executeSupplier(RateLimiter.decorateSupplier(this.rateLimiter, wixCall));
		}
		catch (RequestNotPermitted ex) {
			throw new WixUnavailableException("no turn to call Wix within the rate limit's max-wait", ex);
		}
		catch (CallNotPermittedException ex) {
			throw new WixUnavailableException("calls to Wix are paused: most recent calls failed", ex);
		}
		finally {
			PipelineOverhead.wixCall(System.nanoTime() - started);
		}
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

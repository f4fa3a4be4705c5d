package io.inboxsync.wix;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.inboxsync.metrics.Buckets;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The calls to the Wix site as metrics: each call's time by operation and status (Wix's
 * HTTP status, {@value #NO_ANSWER} when none came, {@value #FAILED_HERE} when the call
 * failed on our side), the wait for a turn of the site's pace, the pace itself, and the
 * circuit breaker's state. Timers are made once per operation and status and kept.
 */
public final class WixCallMetrics {

	/** Every Wix call, by operation and status. */
	public static final String CALLS = "inbox.sync.wix.calls";

	/** The time a call waited for its turn, by whether it got one within max-wait. */
	static final String PACE_WAIT = "inbox.sync.wix.pace.wait";

	/** The calls a minute the pace allows this site. */
	static final String PACE_LIMIT = "inbox.sync.wix.pace.limit";

	/** 1 for the circuit breaker's current state, 0 for the others. */
	static final String CIRCUIT_STATE = "inbox.sync.wix.circuit.state";

	/**
	 * The status of a call that got no answer: a timeout, a refused or lost connection.
	 */
	static final String NO_ANSWER = "IO_ERROR";

	/**
	 * The status of a call that failed on our side (its request or its answer's body).
	 */
	static final String FAILED_HERE = "CLIENT_ERROR";

	private final MeterRegistry meters;

	private final Map<String, Timer> calls = new ConcurrentHashMap<>();

	private final Timer turnTaken;

	private final Timer turnMissed;

	WixCallMetrics(MeterRegistry meters, CircuitBreaker circuitBreaker, int requestsPerMinute) {
		this.meters = meters;
		this.turnTaken = paceWait(meters, "taken");
		this.turnMissed = paceWait(meters, "missed");
		Gauge.builder(PACE_LIMIT, () -> requestsPerMinute)
			.description("Calls a minute the site's pace allows (inbox-sync.wix.rate-limit.requests-per-minute)")
			.register(meters);
		for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
			Gauge.builder(CIRCUIT_STATE, () -> (circuitBreaker.getState() == state) ? 1 : 0)
				.description("The circuit breaker of calls to Wix: 1 for its current state")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(meters);
		}
	}

	private static Timer paceWait(MeterRegistry meters, String turn) {
		return Timer.builder(PACE_WAIT)
			.description("Time a Wix call waited for its turn of the site's pace")
			.tag("turn", turn)
			.serviceLevelObjectives(Buckets.PACE_WAIT)
			.register(meters);
	}

	void call(String operation, String status, long nanos) {
		this.calls
			.computeIfAbsent(operation + ' ' + status,
					(key) -> Timer.builder(CALLS)
						.description("Calls to Wix, by operation and Wix's HTTP status")
						.tag("operation", operation)
						.tag("status", status)
						.serviceLevelObjectives(Buckets.WIX_CALL)
						.register(this.meters))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	void waited(long nanos, boolean turnTaken) {
		(turnTaken ? this.turnTaken : this.turnMissed).record(nanos, TimeUnit.NANOSECONDS);
	}

}

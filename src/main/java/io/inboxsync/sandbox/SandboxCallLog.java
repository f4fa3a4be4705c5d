package io.inboxsync.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How many Wix calls the sandbox served, by call ({@code POST /inbox/v2/messages}), how
 * many of them it refused for the site's rate limit, when the first and the last came,
 * and the most recent ones with their bodies, so a test or a benchmark can count what a
 * flow really spent and at what pace.
 */
class SandboxCallLog {

	/** Enough for any test's own calls; a benchmark reads the totals. */
	private static final int RECENT = 20_000;

	private final Map<String, Long> totals = new TreeMap<>();

	private final Map<String, Long> refused = new TreeMap<>();

	private final Deque<Call> recent = new ArrayDeque<>();

	private final Clock clock;

	private Instant first;

	private Instant last;

	SandboxCallLog(Clock clock) {
		this.clock = clock;
	}

	synchronized void record(String call, String bodyAndQuery) {
		this.last = this.clock.instant();
		if (this.first == null) {
			this.first = this.last;
		}
		this.totals.merge(call, 1L, Long::sum);
		if (this.recent.size() == RECENT) {
			this.recent.removeFirst();
		}
		this.recent.addLast(new Call(call, bodyAndQuery));
	}

	/** A call already recorded that the rate limit refused. */
	synchronized void refused(String call) {
		this.refused.merge(call, 1L, Long::sum);
	}

	synchronized Map<String, Long> totals() {
		return new TreeMap<>(this.totals);
	}

	synchronized Map<String, Long> refusedTotals() {
		return new TreeMap<>(this.refused);
	}

	/** The time of the first call since the last reset, if any. */
	synchronized Optional<Instant> first() {
		return Optional.ofNullable(this.first);
	}

	/** The time of the last call since the last reset, if any. */
	synchronized Optional<Instant> last() {
		return Optional.ofNullable(this.last);
	}

	/** Of the recent calls, those whose body or query holds the text, by call. */
	synchronized Map<String, Long> matching(String text) {
		Map<String, Long> counts = new TreeMap<>();
		this.recent.stream()
			.filter((call) -> call.bodyAndQuery.contains(text))
			.forEach((call) -> counts.merge(call.call, 1L, Long::sum));
		return counts;
	}

	synchronized void clear() {
		this.totals.clear();
		this.refused.clear();
		this.recent.clear();
		this.first = null;
		this.last = null;
	}

	private record Call(String call, String bodyAndQuery) {
	}

}

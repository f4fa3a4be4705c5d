package io.inboxsync.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many Wix calls the sandbox served, by call ({@code POST /inbox/v2/messages}), and
 * the most recent ones with their bodies, so a test or a benchmark can count what a flow
 * really spent.
 */
class SandboxCallLog {

	/** Enough for any test's own calls; a benchmark reads the totals. */
	private static final int RECENT = 20_000;

	private final Map<String, Long> totals = new TreeMap<>();

	private final Deque<Call> recent = new ArrayDeque<>();

	synchronized void record(String call, String bodyAndQuery) {
		this.totals.merge(call, 1L, Long::sum);
		if (this.recent.size() == RECENT) {
			this.recent.removeFirst();
		}
		this.recent.addLast(new Call(call, bodyAndQuery));
	}

	synchronized Map<String, Long> totals() {
		return new TreeMap<>(this.totals);
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
		this.recent.clear();
	}

	private record Call(String call, String bodyAndQuery) {
	}

}

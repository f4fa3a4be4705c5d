package io.inboxsync.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.deadletter.ReasonPattern;

/**
 * The open dead letters counted three ways: by stage, by source, and by reason pattern
 * ({@link ReasonPattern}), most first.
 */
record DeadLetterSummary(long open, List<Count> byStage, List<Count> bySource, List<Count> byReason) {

	/**
	 * How many distinct reasons, the most common, are grouped into patterns: reasons
	 * carry ids, so there can be as many as dead letters.
	 */
	private static final int MAX_EXACT_REASONS = 5000;

	private static final int MAX_REASONS = 20;

	static DeadLetterSummary of(DeadLetterStore store) {
		Map<ReasonPattern, Long> reasons = new LinkedHashMap<>();
		store.countOpenByReason(MAX_EXACT_REASONS)
			.forEach((reason, count) -> reasons.merge(ReasonPattern.of(reason), count, Long::sum));
		return new DeadLetterSummary(store.countOpen(), sorted(store.countOpenByStage()),
				sorted(store.countOpenBySource()),
				reasons.entrySet()
					.stream()
					.sorted(Map.Entry.<ReasonPattern, Long>comparingByValue().reversed())
					.limit(MAX_REASONS)
					.map((entry) -> new Count(entry.getKey().pattern(), entry.getKey().filter(), entry.getValue()))
					.toList());
	}

	private static List<Count> sorted(Map<String, Long> counts) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.map((entry) -> new Count(entry.getKey(), entry.getKey(), entry.getValue()))
			.toList();
	}

	/**
	 * @param label what is counted
	 * @param filter the value of the list's filter that shows them
	 */
	record Count(String label, String filter, long count) {
	}

}

package io.inboxsync.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.inboxsync.deadletter.DeadLetterStore;

/**
 * The open dead letters counted three ways: by stage, by source, and by reason pattern
 * ({@link ReasonPattern}), most first.
 */
record DeadLetterSummary(long open, List<Count> byStage, List<Count> bySource, List<Count> byReason) {

	/**
	 * How many open dead letters the store groups at most before they are summed here.
	 */
	static final int MAX_GROUPS = 5000;

	private static final int MAX_REASONS = 20;

	static DeadLetterSummary of(List<DeadLetterStore.OpenCount> counts) {
		Map<String, Long> stages = new TreeMap<>();
		Map<String, Long> sources = new TreeMap<>();
		Map<ReasonPattern, Long> reasons = new LinkedHashMap<>();
		long open = 0;
		for (DeadLetterStore.OpenCount count : counts) {
			open += count.count();
			stages.merge(count.stage(), count.count(), Long::sum);
			sources.merge((count.source() != null) ? count.source() : "", count.count(), Long::sum);
			reasons.merge(ReasonPattern.of(count.reason()), count.count(), Long::sum);
		}
		return new DeadLetterSummary(open, sorted(stages), sorted(sources),
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

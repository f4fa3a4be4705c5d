package io.inboxsync.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.metrics.QueueDepths;
import io.inboxsync.wix.ContactLookup;
import io.inboxsync.wix.ConversationLookup;
import io.inboxsync.wix.WixCallGuard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's "Now": what inbox-sync can tell cheaply of its present state. Whatever it
 * cannot tell on this setup (queue depths a broker will not tell, a meter that does not
 * exist) shows as "n/a".
 */
@Controller
class ConsoleNow {

	private static final int CHART_HOURS = 24;

	private final InboxSyncProperties properties;

	private final DeadLetterStore deadLetters;

	private final MeterRates rates;

	private final MeterRegistry meters;

	private final WixCallGuard wix;

	private final QueueDepths queueDepths;

	ConsoleNow(InboxSyncProperties properties, DeadLetterStore deadLetters, MeterRates rates, MeterRegistry meters,
			WixCallGuard wix, QueueDepths queueDepths) {
		this.properties = properties;
		this.deadLetters = deadLetters;
		this.rates = rates;
		this.meters = meters;
		this.wix = wix;
		this.queueDepths = queueDepths;
	}

	@GetMapping(ConsoleSecurity.PATH + "/now")
	String now(Model model) {
		model.addAttribute("at", Instant.now());
		model.addAttribute("acceptedPerMinute", rounded(this.rates.perMinute(MeterRates.ACCEPTED)));
		model.addAttribute("deliveredPerMinute", rounded(this.rates.perMinute(MeterRates.DELIVERED)));
		model.addAttribute("wixCallsPerMinute", rounded(this.rates.perMinute(MeterRates.WIX_CALLS)));
		model.addAttribute("wixLimit", this.properties.wix().rateLimit().requestsPerMinute());
		model.addAttribute("circuit", this.wix.circuitState());
		model.addAttribute("queues", List.of(queue("intake", this.properties.pipeline().queue()),
				queue("deliveries", this.properties.delivery().queue())));
		model.addAttribute("caches",
				List.of(cache("contacts", ContactLookup.CACHE), cache("conversations", ConversationLookup.CACHE)));
		model.addAttribute("chart", chart(Instant.now()));
		return "console/now";
	}

	/** Open dead letters at each hour of the last 24, the last point now. */
	private OpenChart chart(Instant now) {
		List<Instant> points = new ArrayList<>();
		for (int i = CHART_HOURS - 1; i >= 0; i--) {
			points.add(now.minus(Duration.ofHours(i)));
		}
		return OpenChart.of(points, this.deadLetters.countOpenAt(points));
	}

	private QueueDepth queue(String label, String name) {
		QueueDepths.Depth depth = this.queueDepths.depth(name);
		if (!depth.known()) {
			return new QueueDepth(label, name, null, null);
		}
		return new QueueDepth(label, name, depth.waiting(), depth.delivering());
	}

	private CacheRatio cache(String label, String name) {
		double hits = count(name, "hit");
		double misses = count(name, "miss");
		if (Double.isNaN(hits) || Double.isNaN(misses)) {
			return new CacheRatio(label, "n/a");
		}
		return new CacheRatio(label,
				(hits + misses > 0) ? Math.round(100 * hits / (hits + misses)) + " %" : "no lookups yet");
	}

	private double count(String cache, String result) {
		FunctionCounter counter = this.meters.find("cache.gets")
			.tags("cache", cache, "result", result)
			.functionCounter();
		return (counter != null) ? counter.count() : Double.NaN;
	}

	private static String rounded(OptionalDouble perMinute) {
		return perMinute.isPresent() ? String.valueOf(Math.round(perMinute.getAsDouble())) : "n/a";
	}

	/**
	 * @param waiting messages on the queue no consumer holds
	 * @param inHand messages consumers hold: being worked, or waiting for their retry
	 */
	record QueueDepth(String label, String name, Long waiting, Long inHand) {
	}

	/**
	 * @param hitRatio the share of lookups the cache answered, as shown
	 */
	record CacheRatio(String label, String hitRatio) {
	}

	/** A bar chart as SVG coordinates, drawn by the template. */
	record OpenChart(List<Bar> bars, long max, long now) {

		static final int WIDTH = 480;

		static final int HEIGHT = 120;

		static OpenChart of(List<Instant> times, List<Long> counts) {
			long max = Math.max(1, counts.stream().mapToLong(Long::longValue).max().orElse(0));
			double slot = (double) WIDTH / times.size();
			List<Bar> bars = new ArrayList<>();
			for (int i = 0; i < times.size(); i++) {
				long count = counts.get(i);
				int height = (int) Math.round((HEIGHT - 14) * count / (double) max);
				bars.add(new Bar(times.get(i), count, (int) Math.round(i * slot + 1), HEIGHT - 14 - height,
						(int) Math.max(1, Math.round(slot - 2)), height));
			}
			return new OpenChart(bars, max, counts.isEmpty() ? 0 : counts.get(counts.size() - 1));
		}

		public int width() {
			return WIDTH;
		}

		public int height() {
			return HEIGHT;
		}

	}

	record Bar(Instant at, long count, int x, int y, int width, int height) {
	}

}

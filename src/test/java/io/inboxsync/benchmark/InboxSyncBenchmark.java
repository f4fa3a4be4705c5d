package io.inboxsync.benchmark;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The benchmark: {@code ./mvnw -Pbenchmark verify}. Starts inbox-sync as its own process,
 * with the JVM options of the README's run command and the embedded sandbox, drives
 * realistic workloads through it, and prints one table: each figure beside its target and
 * its anchor measured in the same run. It measures; it asserts nothing (the functional
 * promises are tested elsewhere).
 *
 * <p>
 * Three runs of the service. At its defaults: startup, latency at light load, webhook
 * intake against a bare Camel route in the same JVM, a large file, peak memory. Flat out
 * (Wix's pace lifted): Wix calls per message against the naive three-call flow (caches
 * off), and parallelism under per-conversation order with 100 ms added to every Wix call.
 * Rate-limited: a backlog against the sandbox's real limit.
 */
class InboxSyncBenchmark {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final int EVENTS = Integer.getInteger("benchmark.events", 10_000);

	private static final int NAIVE_EVENTS = Integer.getInteger("benchmark.naive-events", 2_000);

	private static final int SLOW_EVENTS = Integer.getInteger("benchmark.latency-events", 1_000);

	private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 500);

	private static final int CONSUMERS = Integer.getInteger("benchmark.consumers", 8);

	/**
	 * The bare route's queue, which takes the broker settings of the pipeline's queues.
	 */
	private static final String BARE_QUEUE = "benchmark.bare";

	/** Names the bare route's queue to {@link BareQueueSettings}. */
	static final String BARE_QUEUE_SETTING = "benchmark.bare-queue";

	private static final int LIGHT_LOAD_SECONDS = Integer.getInteger("benchmark.light-load-seconds", 60);

	private static final int INTAKE_ROUNDS = Integer.getInteger("benchmark.intake-rounds", 5);

	private static final int INTAKE_ROUND_SECONDS = Integer.getInteger("benchmark.intake-round-seconds", 8);

	private static final int INTAKE_CONCURRENCY = 32;

	private static final int FILE_LINES = Integer.getInteger("benchmark.file-lines", 1_000_000);

	private static final int FILE_SECONDS = Integer.getInteger("benchmark.file-seconds", 400);

	private static final int RATE_LIMIT_SECONDS = Integer.getInteger("benchmark.rate-limit-seconds", 75);

	/**
	 * The JVM options the README's run command uses (pom.xml's inbox-sync.jvm-options).
	 */
	private static final String JVM_OPTIONS = System.getProperty("benchmark.jvm-options", "");

	/** glibc's malloc arenas, as the README's run command sets them (pom.xml). */
	private static final String MALLOC_ARENA_MAX = System.getProperty("benchmark.malloc-arena-max", "");

	private static final Duration ADDED_LATENCY = Duration.ofMillis(100);

	/** The latency metric as Prometheus names it, for the light load's source. */
	private static final String LATENCY_SERIES = "inbox_sync_deliveries_latency_seconds_bucket{source=\"chat-tool\"";

	private final Random random = new Random(42);

	private final List<String> report = new ArrayList<>();

	@Test
	void run() throws Exception {
		Workload workload = new Workload(this.random);
		AtDefaults defaults = atDefaults();
		FlatOut flatOut = flatOut(workload);
		double naiveCallsPerMessage = naiveCallsPerMessage(workload);
		RateLimited limited = rateLimited(workload);
		print(workload, defaults, flatOut, naiveCallsPerMessage, limited);
	}

	/**
	 * The service as the README's run command starts it (Wix's pace, the default
	 * consumers), plus a bare route beside the webhook sources.
	 */
	private AtDefaults atDefaults() throws Exception {
		Path work = Files.createTempDirectory("inbox-sync-bench-defaults-");
		Path drop = Files.createDirectories(work.resolve("drop"));
		Path sources = Files.createDirectories(work.resolve("sources"));
		Files.copy(Path.of("routes", "sources", "chat-tool.yaml"), sources.resolve("chat-tool.yaml"));
		Files.writeString(sources.resolve("bench-file.yaml"), """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-folder-source
				    routeId: inbox-sync-source-bench-file
				    parameters:
				      - {name: name, value: bench-file}
				      - {name: folder, value: "%s"}
				      - {name: eventId, value: $.id}
				      - {name: email, value: $.contact.email}
				      - {name: text, value: $.message.text}
				""".formatted(drop));
		// The anchor: what any Camel route does to take a JSON event durably, and no
		// more.
		Path bareRoute = Files.writeString(work.resolve("bare-intake.yaml"), """
				- route:
				    id: benchmark-bare-intake
				    from:
				      uri: platform-http:/benchmark/bare
				      parameters:
				        httpMethodRestrict: POST
				      steps:
				        - setHeader:
				            name: JMSXGroupID
				            jsonpath: $.contact.email
				        - to:
				            uri: jms:queue:%s
				            pattern: InOnly
				            parameters:
				              deliveryPersistent: true
				        - removeHeaders:
				            pattern: "*"
				        - setHeader:
				            name: CamelHttpResponseCode
				            constant: 202
				        - setBody:
				            constant: ""
				""".formatted(BARE_QUEUE));
		Map<String, String> settings = new HashMap<>();
		settings.put(BARE_QUEUE_SETTING, BARE_QUEUE);
		settings.put("inbox-sync.sources.dir", sources.toString());
		settings.put("camel.main.routes-include-pattern",
				"file:routes/*.yaml,file:routes/templates/*.yaml,file:routes/sinks/*.yaml,file:" + bareRoute);
		try (Service service = Service.start(settings, false)) {
			double startupSeconds = service.startupSeconds();
			Workload.seedLightLoad(service);
			LightLoad lightLoad = lightLoad(service);
			System.out.println("benchmark: " + lightLoad);
			Intake intake = intake(service);
			System.out.println("benchmark: " + intake);
			FileIntake file = fileIntake(service, drop);
			System.out.println("benchmark: " + file);
			return new AtDefaults(startupSeconds, lightLoad, intake, file, service.peakRssMb());
		}
	}

	/**
	 * One event a second for two customers, one of them with two contacts (1.5 Wix calls
	 * a second, well under the pace), after a few to warm up; the latency metric's
	 * histogram over these deliveries, as Prometheus scrapes it.
	 */
	private LightLoad lightLoad(Service service) throws Exception {
		lightLoadEvents(service, "warm-up", 6);
		Map<Double, Double> before = service.histogram(LATENCY_SERIES);
		lightLoadEvents(service, "light", LIGHT_LOAD_SECONDS);
		Map<Double, Double> after = service.histogram(LATENCY_SERIES);
		Map<Double, Double> window = new TreeMap<>();
		after.forEach((le, count) -> window.put(le, count - before.getOrDefault(le, 0.0)));
		return new LightLoad(quantile(window, 0.5) * 1000, quantile(window, 0.99) * 1000, fractionWithin(window, 0.05),
				fractionWithin(window, 0.25));
	}

	private static void lightLoadEvents(Service service, String prefix, int seconds) throws Exception {
		long sendsBefore = service.sends();
		long expected = 0;
		long next = System.nanoTime();
		for (int second = 0; second < seconds; second++) {
			int customer = second % 2;
			service.postEvent("/webhooks/chat-tool", prefix + "-" + second, Workload.lightLoadEmail(customer),
					prefix + " " + second);
			expected += customer + 1;
			next += Duration.ofSeconds(1).toNanos();
			Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
		}
		service.awaitSends(sendsBefore + expected);
	}

	/**
	 * A quantile from a cumulative histogram (upper bound to count), interpolated within
	 * its bucket as Prometheus' histogram_quantile does.
	 */
	static double quantile(Map<Double, Double> cumulative, double q) {
		double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
		double rank = q * total;
		double lowerBound = 0;
		double lowerCount = 0;
		for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
			if (bucket.getValue() >= rank) {
				if (bucket.getKey().isInfinite()) {
					return lowerBound;
				}
				double inBucket = bucket.getValue() - lowerCount;
				return lowerBound
						+ (bucket.getKey() - lowerBound) * ((inBucket > 0) ? (rank - lowerCount) / inBucket : 1);
			}
			lowerBound = bucket.getKey();
			lowerCount = bucket.getValue();
		}
		return Double.NaN;
	}

	static double fractionWithin(Map<Double, Double> cumulative, double seconds) {
		return cumulative.getOrDefault(seconds, 0.0) / cumulative.getOrDefault(Double.POSITIVE_INFINITY, 1.0);
	}

	/**
	 * The webhook and the bare route, alternating in rounds of equal length after a
	 * warm-up, 32 requests in flight; each one's median of 202s a second.
	 */
	private Intake intake(Service service) throws Exception {
		AtomicLong ids = new AtomicLong();
		for (int warmUp = 0; warmUp < 3; warmUp++) {
			service.flood("/benchmark/bare", 5, ids);
			service.flood("/webhooks/chat-tool", 5, ids);
		}
		List<Double> bare = new ArrayList<>();
		List<Double> webhook = new ArrayList<>();
		for (int round = 0; round < INTAKE_ROUNDS; round++) {
			bare.add(service.flood("/benchmark/bare", INTAKE_ROUND_SECONDS, ids));
			webhook.add(service.flood("/webhooks/chat-tool", INTAKE_ROUND_SECONDS, ids));
		}
		return new Intake(median(bare), median(webhook), Collections.max(bare), Collections.max(webhook));
	}

	/**
	 * A file of many lines dropped into a folder source's folder: lines queued a second,
	 * until all are or the time is up, and the most memory the process held meanwhile.
	 */
	private FileIntake fileIntake(Service service, Path drop) throws Exception {
		Path staging = Files.createTempFile("inbox-sync-bench-", ".jsonl");
		try (BufferedWriter lines = Files.newBufferedWriter(staging)) {
			for (int line = 0; line < FILE_LINES; line++) {
				lines.write("{\"id\":\"file-" + line + "\",\"contact\":{\"email\":\"" + Workload.email(line % CUSTOMERS)
						+ "\"},\"message\":{\"text\":\"line " + line + "\"}}\n");
			}
		}
		String accepted = "inbox_sync_events_accepted_total{source=\"bench-file\"}";
		double rssBefore = service.rssMb();
		double rssMax = rssBefore;
		long started = System.nanoTime();
		Files.move(staging, drop.resolve("backlog.jsonl"));
		long deadline = started + Duration.ofSeconds(FILE_SECONDS).toNanos();
		double queued = 0;
		while (queued < FILE_LINES && System.nanoTime() < deadline) {
			Thread.sleep(1000);
			double counted = service.prometheus(accepted);
			queued = Double.isNaN(counted) ? 0 : counted;
			rssMax = Math.max(rssMax, service.rssMb());
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		return new FileIntake((long) queued, queued / seconds, rssBefore, rssMax);
	}

	/**
	 * Wix's pace lifted: Wix calls per message with the caches, and parallelism under
	 * order with 100 ms added to every Wix call.
	 */
	private FlatOut flatOut(Workload workload) throws Exception {
		try (Service service = Service.start(flatOutSettings(true), true)) {
			workload.seed(service);
			service.delete("/wix-sandbox/_admin/calls");
			List<Event> events = workload.events("bench", EVENTS);
			long started = System.nanoTime();
			service.postAll(events);
			service.awaitSends(workload.deliveries(events));
			double seconds = (System.nanoTime() - started) / 1e9;
			long calls = service.get("/wix-sandbox/_admin/calls").path("total").asLong();
			double overheadP50 = service.prometheus("inbox_sync_pipeline_overhead_seconds{quantile=\"0.5\"}");
			double overheadP99 = service.prometheus("inbox_sync_pipeline_overhead_seconds{quantile=\"0.99\"}");

			List<Event> slow = workload.events("slow", SLOW_EVENTS);
			service.post("/wix-sandbox/_admin/faults",
					Map.of("path", "*", "status", 0, "latencyMillis", ADDED_LATENCY.toMillis()));
			long slowStarted = System.nanoTime();
			long sendsBefore = service.sends();
			service.postAll(slow);
			service.awaitSends(sendsBefore + workload.deliveries(slow));
			double slowSeconds = (System.nanoTime() - slowStarted) / 1e9;
			service.delete("/wix-sandbox/_admin/faults");
			return new FlatOut(EVENTS / seconds, (double) calls / workload.deliveries(events), workload.floor(events),
					overheadP50 * 1000, overheadP99 * 1000, SLOW_EVENTS / slowSeconds, workload.ceiling(slow),
					service.peakRssMb());
		}
	}

	/** The naive flow's anchor: the three calls per message that caches save. */
	private double naiveCallsPerMessage(Workload workload) throws Exception {
		try (Service service = Service.start(flatOutSettings(false), true)) {
			workload.seed(service);
			service.delete("/wix-sandbox/_admin/calls");
			List<Event> events = workload.events("naive", NAIVE_EVENTS);
			service.postAll(events);
			service.awaitSends(workload.deliveries(events));
			return (double) service.get("/wix-sandbox/_admin/calls").path("total").asLong()
					/ workload.deliveries(events);
		}
	}

	private static Map<String, String> flatOutSettings(boolean caches) {
		return Map.of("inbox-sync.cache.enabled", Boolean.toString(caches),
				"inbox-sync.sandbox.rate-limit.requests-per-minute", Integer.toString(Integer.MAX_VALUE),
				"inbox-sync.wix.rate-limit.requests-per-minute", "1000000", "inbox-sync.pipeline.consumers",
				Integer.toString(CONSUMERS), "inbox-sync.delivery.consumers", Integer.toString(CONSUMERS));
	}

	/**
	 * A backlog against the sandbox's real limit of 200 calls a minute, with inbox-sync
	 * pacing itself.
	 */
	private RateLimited rateLimited(Workload workload) throws Exception {
		try (Service service = Service.start(Map.of("inbox-sync.sandbox.rate-limit.requests-per-minute", "200",
				"inbox-sync.wix.rate-limit.requests-per-minute", "190"), true)) {
			// The busiest 100 customers only, so seeding stays within the sandbox's
			// limit; then a minute for its window to clear, so the limit meets
			// inbox-sync's own calls alone.
			workload.seed(service, 100);
			Thread.sleep(61_000);
			List<Event> backlog = workload.events("limited", EVENTS)
				.stream()
				.filter((event) -> event.customer() < 100)
				.toList();
			service.postAll(backlog.subList(0, Math.min(1000, backlog.size())));
			Thread.sleep(10_000);
			long callsBefore = service.get("/wix-sandbox/_admin/calls").path("total").asLong();
			int tooManyBefore = service.logLines("answered 429");
			Thread.sleep(RATE_LIMIT_SECONDS * 1000L);
			long calls = service.get("/wix-sandbox/_admin/calls").path("total").asLong() - callsBefore;
			int tooMany = service.logLines("answered 429") - tooManyBefore;
			int deadLetters = service.get("/api/dead-letters?limit=1").path("total").asInt();
			return new RateLimited(calls * 60.0 / RATE_LIMIT_SECONDS, tooMany, deadLetters);
		}
	}

	private void print(Workload workload, AtDefaults defaults, FlatOut flatOut, double naive, RateLimited limited) {
		line("");
		line("inbox-sync benchmark, %d cores, JVM options: %s, MALLOC_ARENA_MAX=%s",
				Runtime.getRuntime().availableProcessors(), JVM_OPTIONS.isBlank() ? "(none)" : JVM_OPTIONS,
				MALLOC_ARENA_MAX.isBlank() ? "(unset)" : MALLOC_ARENA_MAX);
		line("%-52s %-22s %-22s %12s  %s", "figure", "target", "anchor (same run)", "result", "");
		line("At the defaults (the README's run command):");
		figure("startup to healthy (s), fresh data dir", "< 10", "", defaults.startupSeconds(), "%.1f",
				defaults.startupSeconds() < 10);
		figure("webhook intake, durable 202s/s (median of " + INTAKE_ROUNDS + ")", ">= 1000",
				String.format(Locale.ROOT, "bare route %.0f", defaults.intake().bare()), defaults.intake().webhook(),
				"%.0f", defaults.intake().webhook() >= 1000);
		figure("  webhook / bare route", ">= 0.90", "", defaults.intake().ratio(), "%.2f",
				defaults.intake().ratio() >= 0.9);
		figure("  best round: webhook, bare route", "",
				String.format(Locale.ROOT, "bare %.0f", defaults.intake().bestBare()), defaults.intake().bestWebhook(),
				"%.0f", null);
		figure(String.format(Locale.ROOT, "file of %,d lines queued, lines/s", FILE_LINES), ">= 5000",
				String.format(Locale.ROOT, "%,d queued", defaults.file().queued()), defaults.file().linesPerSecond(),
				"%.0f", defaults.file().linesPerSecond() >= 5000);
		figure("  RSS while queuing the file (MB): before, most", "flat",
				String.format(Locale.ROOT, "before %.0f", defaults.file().rssBeforeMb()), defaults.file().rssMostMb(),
				"%.0f", null);
		figure("latency 202 -> in Wix, light load, p50 (ms)", "<= 50",
				String.format(Locale.ROOT, "%.1f%% within 50 ms", defaults.lightLoad().within50Ms() * 100),
				defaults.lightLoad().p50Ms(), "%.0f", defaults.lightLoad().within50Ms() >= 0.5);
		figure("latency 202 -> in Wix, light load, p99 (ms)", "<= 250",
				String.format(Locale.ROOT, "%.1f%% within 250 ms", defaults.lightLoad().within250Ms() * 100),
				defaults.lightLoad().p99Ms(), "%.0f", defaults.lightLoad().within250Ms() >= 0.99);
		figure("peak RSS through all of the above (MB)", "< 512", "", defaults.peakRssMb(), "%.0f",
				defaults.peakRssMb() < 512);
		line("Flat out (Wix's pace lifted), %d events over %d customers (Zipf), %d consumers:", EVENTS,
				workload.distinctCustomers(workload.events("bench", EVENTS)), CONSUMERS);
		figure("Wix calls per delivered message", "<= floor +2%",
				String.format(Locale.ROOT, "floor %.3f, naive %.3f", flatOut.floor(), naive), flatOut.callsPerMessage(),
				"%.3f", flatOut.callsPerMessage() <= flatOut.floor() * 1.02);
		figure("events per second, 0 ms added latency", "", "", flatOut.eventsPerSecond(), "%.1f", null);
		figure("pipeline overhead p50 (ms, Wix calls excluded)", "", "", flatOut.overheadP50Ms(), "%.2f", null);
		figure("pipeline overhead p99 (ms, Wix calls excluded)", "", "", flatOut.overheadP99Ms(), "%.2f", null);
		figure("events/s with 100 ms added Wix latency", ">= 80% of ceiling",
				String.format(Locale.ROOT, "ceiling %.1f", flatOut.ceiling()), flatOut.slowEventsPerSecond(), "%.1f",
				flatOut.slowEventsPerSecond() >= 0.8 * flatOut.ceiling());
		// The ceiling counts order alone; on shared cores the pipeline's own pace, with
		// no
		// latency added, is the other bound, and this says how much of it the latency
		// cost.
		figure("  ÷ events/s with 0 ms added", "", "", flatOut.slowEventsPerSecond() / flatOut.eventsPerSecond(),
				"%.2f", null);
		figure("peak RSS (MB)", "< 512", "", flatOut.peakRssMb(), "%.0f", flatOut.peakRssMb() < 512);
		line("Rate-limited: sandbox limiting to 200 calls/min, inbox-sync pacing at 190/min, %d s of backlog:",
				RATE_LIMIT_SECONDS);
		figure("Wix calls per minute", ">= 190", "limit 200", limited.callsPerMinute(), "%.1f",
				limited.callsPerMinute() >= 190 * 0.99 && limited.callsPerMinute() <= 200);
		figure("429 answers", "0", "", limited.tooManyRequests(), "%.0f", limited.tooManyRequests() == 0);
		figure("dead letters", "0", "", limited.deadLetters(), "%.0f", limited.deadLetters() == 0);
		this.report.forEach(System.out::println);
	}

	private void figure(String name, String target, String anchor, double result, String format, Boolean met) {
		line("%-52s %-22s %-22s %12s  %s", name, target, anchor, String.format(Locale.ROOT, format, result),
				(met == null) ? "" : (met ? "met" : "MISSED"));
	}

	private void line(String format, Object... args) {
		this.report.add(String.format(Locale.ROOT, format, args));
	}

	private static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return sorted[sorted.length / 2];
	}

	private record AtDefaults(double startupSeconds, LightLoad lightLoad, Intake intake, FileIntake file,
			double peakRssMb) {
	}

	private record LightLoad(double p50Ms, double p99Ms, double within50Ms, double within250Ms) {
	}

	private record Intake(double bare, double webhook, double bestBare, double bestWebhook) {

		double ratio() {
			return this.webhook / this.bare;
		}

	}

	private record FileIntake(long queued, double linesPerSecond, double rssBeforeMb, double rssMostMb) {
	}

	private record FlatOut(double eventsPerSecond, double callsPerMessage, double floor, double overheadP50Ms,
			double overheadP99Ms, double slowEventsPerSecond, double ceiling, double peakRssMb) {
	}

	private record RateLimited(double callsPerMinute, int tooManyRequests, int deadLetters) {
	}

	private record Event(String id, int customer, String text) {
	}

	/** Customers, their contacts, and events drawn with a Zipf distribution. */
	private static final class Workload {

		private final Set<Integer> twoContacts = new HashSet<>();

		private final double[] cumulative = new double[CUSTOMERS];

		Workload(Random random) {
			while (this.twoContacts.size() < CUSTOMERS / 20) {
				this.twoContacts.add(random.nextInt(CUSTOMERS));
			}
			double sum = 0;
			for (int i = 0; i < CUSTOMERS; i++) {
				sum += 1.0 / (i + 1);
				this.cumulative[i] = sum;
			}
			for (int i = 0; i < CUSTOMERS; i++) {
				this.cumulative[i] /= sum;
			}
		}

		static String email(int customer) {
			return "customer-" + customer + "@bench.example.com";
		}

		/** The light load's two customers: the first with one contact, the second two. */
		static String lightLoadEmail(int customer) {
			return "light-" + customer + "@bench.example.com";
		}

		static void seedLightLoad(Service service) throws Exception {
			for (int customer = 0; customer < 2; customer++) {
				for (int i = 0; i <= customer; i++) {
					service.createContact(lightLoadEmail(customer));
				}
			}
		}

		int contacts(int customer) {
			return this.twoContacts.contains(customer) ? 2 : 1;
		}

		void seed(Service service) throws Exception {
			seed(service, CUSTOMERS);
		}

		void seed(Service service, int customers) throws Exception {
			for (int customer = 0; customer < customers; customer++) {
				for (int i = 0; i < contacts(customer); i++) {
					service.createContact(email(customer));
				}
			}
		}

		/**
		 * The same events for the same prefix: each run of the benchmark sees the same
		 * workload.
		 */
		List<Event> events(String prefix, int count) {
			Random draw = new Random(prefix.hashCode());
			List<Event> events = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				int customer = customer(draw.nextDouble());
				events.add(new Event(prefix + "-" + i, customer, prefix + " message " + i));
			}
			return events;
		}

		private int customer(double u) {
			int index = Arrays.binarySearch(this.cumulative, u);
			return Math.min(CUSTOMERS - 1, (index >= 0) ? index : -index - 1);
		}

		long deliveries(List<Event> events) {
			return events.stream().mapToLong((event) -> contacts(event.customer())).sum();
		}

		int distinctCustomers(List<Event> events) {
			return (int) events.stream().map(Event::customer).distinct().count();
		}

		/** Wix calls a perfect cache would spend, per delivered message. */
		double floor(List<Event> events) {
			Set<Integer> customers = new HashSet<>();
			events.forEach((event) -> customers.add(event.customer()));
			long contacts = customers.stream().mapToLong(this::contacts).sum();
			return (double) (customers.size() + contacts + deliveries(events)) / deliveries(events);
		}

		/**
		 * Events a second that per-conversation order allows with the added latency: each
		 * consumer sends one message per latency, and a conversation's messages go one
		 * after another.
		 */
		double ceiling(List<Event> events) {
			Map<Integer, Long> perCustomer = new HashMap<>();
			events.forEach((event) -> perCustomer.merge(event.customer(), 1L, Long::sum));
			long busiest = Collections.max(perCustomer.values());
			double latency = ADDED_LATENCY.toMillis() / 1000.0;
			return Math.min(CONSUMERS / latency, events.size() / (busiest * latency));
		}

	}

	/** inbox-sync as an operator runs it, in its own process, with its sandbox. */
	private static final class Service implements AutoCloseable {

		private final Process process;

		private final String base;

		private final Path dataDir;

		private final Path log;

		private final double startupSeconds;

		private Service(Process process, int port, Path dataDir, Path log, double startupSeconds) {
			this.process = process;
			this.base = "http://localhost:" + port;
			this.dataDir = dataDir;
			this.log = log;
			this.startupSeconds = startupSeconds;
		}

		/**
		 * @param quiet whether to log no line per delivery (flat out, that logging would
		 * be what is measured)
		 */
		static Service start(Map<String, String> settings, boolean quiet) throws Exception {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path dataDir = Files.createTempDirectory("inbox-sync-bench-");
			Path log = Files.createTempFile("inbox-sync-bench-", ".log");
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			Arrays.stream(JVM_OPTIONS.trim().split("\\s+")).filter((option) -> !option.isEmpty()).forEach(command::add);
			command.addAll(List.of("-cp",
					System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
					"io.inboxsync.InboxSyncApplication", "--server.port=" + port, "--inbox-sync.data-dir=" + dataDir));
			if (quiet) {
				command.add("--logging.level.io.inboxsync.delivery.SendStage=WARN");
				command.add("--logging.level.io.inboxsync.sandbox=WARN");
			}
			settings.forEach((key, value) -> command.add("--" + key + "=" + value));
			long started = System.nanoTime();
			ProcessBuilder builder = new ProcessBuilder(command).directory(new File("."))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			if (!MALLOC_ARENA_MAX.isBlank()) {
				builder.environment().put("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
			}
			Process process = builder.start();
			long deadline = System.currentTimeMillis() + 180_000;
			while (true) {
				if (!process.isAlive() || System.currentTimeMillis() > deadline) {
					process.destroyForcibly();
					throw new IllegalStateException("inbox-sync did not start; see " + log);
				}
				try {
					if (HTTP
						.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
							.build(), HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200) {
						return new Service(process, port, dataDir, log, (System.nanoTime() - started) / 1e9);
					}
				}
				catch (IOException notYet) {
					// not listening yet
				}
				Thread.sleep(100);
			}
		}

		double startupSeconds() {
			return this.startupSeconds;
		}

		/** Posts every event to the chat webhook, 32 at a time. */
		void postAll(List<Event> events) throws Exception {
			Semaphore inFlight = new Semaphore(INTAKE_CONCURRENCY);
			AtomicInteger refused = new AtomicInteger();
			List<CompletableFuture<?>> posts = new ArrayList<>();
			for (Event event : events) {
				inFlight.acquire();
				posts
					.add(HTTP
						.sendAsync(eventRequest("/webhooks/chat-tool", event.id(), Workload.email(event.customer()),
								event.text()), HttpResponse.BodyHandlers.discarding())
						.whenComplete((response, failure) -> {
							inFlight.release();
							if (failure != null || response.statusCode() != 202) {
								refused.incrementAndGet();
							}
						}));
			}
			CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).join();
			if (refused.get() > 0) {
				throw new IllegalStateException(refused.get() + " events were not accepted");
			}
		}

		void postEvent(String path, String id, String email, String text) throws Exception {
			int status = HTTP.send(eventRequest(path, id, email, text), HttpResponse.BodyHandlers.discarding())
				.statusCode();
			if (status != 202) {
				throw new IllegalStateException(path + " answered " + status);
			}
		}

		/**
		 * Keeps 32 events in flight to the path for so many seconds, each to a customer
		 * nobody has seen; 202s a second.
		 */
		double flood(String path, int seconds, AtomicLong ids) throws Exception {
			Semaphore inFlight = new Semaphore(INTAKE_CONCURRENCY);
			AtomicInteger accepted = new AtomicInteger();
			AtomicInteger refused = new AtomicInteger();
			AtomicBoolean measuring = new AtomicBoolean(true);
			long started = System.nanoTime();
			long end = started + Duration.ofSeconds(seconds).toNanos();
			while (System.nanoTime() < end) {
				inFlight.acquire();
				long id = ids.incrementAndGet();
				HTTP.sendAsync(eventRequest(path, "flood-" + id, "flood-" + (id % 10_000) + "@bench.example.com",
						"flood " + id), HttpResponse.BodyHandlers.discarding())
					.whenComplete((response, failure) -> {
						inFlight.release();
						if (failure == null && response.statusCode() == 202) {
							if (measuring.get()) {
								accepted.incrementAndGet();
							}
						}
						else {
							refused.incrementAndGet();
						}
					});
			}
			measuring.set(false);
			double elapsed = (System.nanoTime() - started) / 1e9;
			inFlight.acquire(INTAKE_CONCURRENCY);
			if (refused.get() > 0) {
				throw new IllegalStateException(refused.get() + " requests to " + path + " were not accepted");
			}
			return accepted.get() / elapsed;
		}

		private HttpRequest eventRequest(String path, String id, String email, String text) throws IOException {
			String body = JSON.writeValueAsString(
					Map.of("id", id, "contact", Map.of("email", email), "message", Map.of("text", text)));
			return HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
		}

		long sends() throws Exception {
			return get("/wix-sandbox/_admin/calls").path("byCall").path("POST /inbox/v2/messages").asLong();
		}

		void awaitSends(long expected) throws Exception {
			long deadline = System.currentTimeMillis() + 900_000;
			while (sends() < expected) {
				if (System.currentTimeMillis() > deadline) {
					throw new IllegalStateException("only " + sends() + " of " + expected + " messages sent");
				}
				Thread.sleep(200);
			}
		}

		/** One series' value as Prometheus scrapes it, by its name and labels. */
		double prometheus(String series) throws Exception {
			for (String line : scrape()) {
				if (line.startsWith(series + " ")) {
					return Double.parseDouble(line.substring(series.length() + 1).trim());
				}
			}
			return Double.NaN;
		}

		/**
		 * A histogram's cumulative counts by upper bound, from the series whose name and
		 * first labels are given (the bound is the last label, le).
		 */
		Map<Double, Double> histogram(String seriesStart) throws Exception {
			Map<Double, Double> counts = new TreeMap<>();
			for (String line : scrape()) {
				if (line.startsWith(seriesStart)) {
					String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
					double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
					counts.put(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
				}
			}
			return counts;
		}

		private List<String> scrape() throws Exception {
			String token = Files.readString(this.dataDir.resolve("api-token")).trim();
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(this.base + "/actuator/prometheus"))
					.header("Authorization", "Bearer " + token)
					.build(), HttpResponse.BodyHandlers.ofString())
				.body()
				.lines()
				.toList();
		}

		void createContact(String email) throws Exception {
			send(HttpRequest.newBuilder(URI.create(this.base + "/wix-sandbox/contacts/v4/contacts"))
				.header("Content-Type", "application/json")
				.header("Authorization", "sandbox-api-key")
				.header("wix-site-id", "5a4db0c6-0000-4000-8000-5a4db0c65173")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("allowDuplicates", true,
						"info", Map.of("emails", Map.of("items", List.of(Map.of("tag", "MAIN", "email", email)))))))));
		}

		JsonNode get(String path) throws Exception {
			return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
		}

		void post(String path, Object body) throws Exception {
			send(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		}

		void delete(String path) throws Exception {
			send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE());
		}

		/** The operator API and the metrics with the operator API token. */
		private JsonNode send(HttpRequest.Builder request) throws Exception {
			String path = request.build().uri().getPath();
			if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
				String token = Files.readString(this.dataDir.resolve("api-token")).trim();
				request.header("Authorization", "Bearer " + token);
			}
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 400) {
				throw new IllegalStateException(response.statusCode() + " from " + response.uri());
			}
			return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
		}

		int logLines(String text) throws IOException {
			try (var lines = Files.lines(this.log)) {
				return (int) lines.filter((line) -> line.contains(text)).count();
			}
		}

		/** The most memory the process ever held in RAM (VmHWM), in MB. */
		double peakRssMb() throws IOException {
			return procStatus("VmHWM:");
		}

		double rssMb() throws IOException {
			return procStatus("VmRSS:");
		}

		private double procStatus(String field) throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc/" + this.process.pid() + "/status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
				}
			}
			return Double.NaN;
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			this.process.waitFor();
		}

	}

}

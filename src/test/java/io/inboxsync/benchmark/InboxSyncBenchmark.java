package io.inboxsync.benchmark;

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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The throughput benchmark: {@code ./mvnw -Pbenchmark verify}. Starts inbox-sync as its
 * own process with the embedded sandbox, drives a realistic workload through the chat
 * webhook, and prints a table, once with the caches and once without. It measures; it
 * asserts nothing (the functional promises are tested elsewhere).
 *
 * <p>
 * Workload: {@code benchmark.events} events (10,000) over {@code benchmark.customers}
 * customers (500), chosen with a Zipf distribution (s = 1), 5% of the customers' emails
 * belonging to two contacts.
 */
class InboxSyncBenchmark {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final int EVENTS = Integer.getInteger("benchmark.events", 10_000);

	private static final int LATENCY_EVENTS = Integer.getInteger("benchmark.latency-events", 1_000);

	private static final int CUSTOMERS = Integer.getInteger("benchmark.customers", 500);

	private static final int CONSUMERS = Integer.getInteger("benchmark.consumers", 8);

	private static final int RATE_LIMIT_SECONDS = Integer.getInteger("benchmark.rate-limit-seconds", 75);

	private final Random random = new Random(42);

	private final List<String> report = new ArrayList<>();

	@Test
	void run() throws Exception {
		Workload workload = new Workload(this.random);
		Result withCaches = measure(workload, true);
		Result withoutCaches = measure(workload, false);
		RateLimitResult limited = rateLimited(workload);
		print(workload, withCaches, withoutCaches, limited);
	}

	private Result measure(Workload workload, boolean caches) throws Exception {
		try (Service service = Service.start(Map.of("inbox-sync.cache.enabled", Boolean.toString(caches),
				"inbox-sync.sandbox.rate-limit.requests-per-minute", Integer.toString(Integer.MAX_VALUE),
				"inbox-sync.wix.rate-limit.requests-per-minute", "1000000"))) {
			workload.seed(service);
			service.delete("/wix-sandbox/_admin/calls");

			long started = System.nanoTime();
			double intakeSeconds = service.postAll(workload.events("bench"));
			service.awaitSends(workload.deliveries(workload.events("bench")));
			double seconds = (System.nanoTime() - started) / 1e9;
			JsonNode calls = service.get("/wix-sandbox/_admin/calls");
			double overheadP50 = service.metric("inbox.sync.pipeline.overhead.percentile?tag=phi:0.5");
			double overheadP99 = service.metric("inbox.sync.pipeline.overhead.percentile?tag=phi:0.99");

			List<Event> slow = workload.events("latency").subList(0, LATENCY_EVENTS);
			service.post("/wix-sandbox/_admin/faults", Map.of("path", "*", "status", 0, "latencyMillis", 100));
			long slowStarted = System.nanoTime();
			long sendsBefore = service.sends();
			service.postAll(slow);
			service.awaitSends(sendsBefore + workload.deliveries(slow));
			double slowSeconds = (System.nanoTime() - slowStarted) / 1e9;
			service.delete("/wix-sandbox/_admin/faults");

			return new Result(caches, EVENTS, EVENTS / seconds, calls.path("total").asLong(),
					workload.deliveries(workload.events("bench")), EVENTS / intakeSeconds, LATENCY_EVENTS / slowSeconds,
					overheadP50 * 1000, overheadP99 * 1000, service.peakRssMb());
		}
	}

	/**
	 * A backlog against the sandbox's real limit of 200 calls a minute, with inbox-sync
	 * pacing itself.
	 */
	private RateLimitResult rateLimited(Workload workload) throws Exception {
		try (Service service = Service.start(Map.of("inbox-sync.sandbox.rate-limit.requests-per-minute", "200",
				"inbox-sync.wix.rate-limit.requests-per-minute", "190"))) {
			// The busiest 100 customers only, so seeding stays within the sandbox's
			// limit; then a minute for its
			// window to clear, so the limit meets inbox-sync's own calls alone.
			workload.seed(service, 100);
			Thread.sleep(61_000);
			List<Event> backlog = workload.events("limited")
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
			int deadLetters = service.getWithToken("/api/dead-letters?limit=1").path("total").asInt();
			return new RateLimitResult(calls * 60.0 / RATE_LIMIT_SECONDS, tooMany, deadLetters);
		}
	}

	private void print(Workload workload, Result on, Result off, RateLimitResult limited) {
		line("");
		line("inbox-sync benchmark: %d events, %d distinct customers, %d consumers, %d cores", EVENTS,
				workload.distinctCustomers(workload.events("bench")), CONSUMERS,
				Runtime.getRuntime().availableProcessors());
		line("%-44s %14s %14s %8s", "", "caches on", "caches off", "ratio");
		row("Wix calls per delivered message", on.callsPerMessage(), off.callsPerMessage(), "%.3f");
		line("%-44s %14.3f %14s", "  floor (1 query/customer + 1 get-or-create/contact + 1 send/delivery)",
				workload.floor(workload.events("bench")), "");
		row("events per second, 0 ms added Wix latency", on.eventsPerSecond(), off.eventsPerSecond(), "%.1f");
		row("events per second, 100 ms added latency", on.slowEventsPerSecond(), off.slowEventsPerSecond(), "%.1f");
		line("%-44s %14.1f %14s", "  target: 80% of consumers / latency", 0.8 * CONSUMERS / 0.1, "");
		row("pipeline overhead p50 (ms, Wix calls excluded)", on.overheadP50Ms(), off.overheadP50Ms(), "%.2f");
		row("pipeline overhead p99 (ms, Wix calls excluded)", on.overheadP99Ms(), off.overheadP99Ms(), "%.2f");
		row("webhook intake (durable 202s per second)", on.intakePerSecond(), off.intakePerSecond(), "%.0f");
		row("peak RSS (MB)", on.peakRssMb(), off.peakRssMb(), "%.0f");
		line("");
		line("sandbox limiting to 200 calls/min, inbox-sync pacing at 190/min, over %d s of backlog:",
				RATE_LIMIT_SECONDS);
		line("%-44s %14.1f", "Wix calls per minute", limited.callsPerMinute());
		line("%-44s %14d", "429 answers", limited.tooManyRequests());
		line("%-44s %14d", "dead letters", limited.deadLetters());
		this.report.forEach(System.out::println);
	}

	private void row(String name, double on, double off, String format) {
		line("%-44s %14s %14s %8s", name, String.format(Locale.ROOT, format, on),
				String.format(Locale.ROOT, format, off),
				(off != 0) ? String.format(Locale.ROOT, "%.2f", on / off) : "-");
	}

	private void line(String format, Object... args) {
		this.report.add(String.format(Locale.ROOT, format, args));
	}

	private record Result(boolean caches, int events, double eventsPerSecond, long wixCalls, long deliveries,
			double intakePerSecond, double slowEventsPerSecond, double overheadP50Ms, double overheadP99Ms,
			double peakRssMb) {

		double callsPerMessage() {
			return (double) this.wixCalls / this.deliveries;
		}

	}

	private record RateLimitResult(double callsPerMinute, int tooManyRequests, int deadLetters) {
	}

	private record Event(String id, int customer, String text) {
	}

	/** Customers, their contacts, and events drawn with a Zipf distribution. */
	private static final class Workload {

		private final Set<Integer> twoContacts = new HashSet<>();

		private final double[] cumulative = new double[CUSTOMERS];

		private final Random random;

		Workload(Random random) {
			this.random = random;
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

		int contacts(int customer) {
			return this.twoContacts.contains(customer) ? 2 : 1;
		}

		void seed(Service service) throws Exception {
			seed(service, CUSTOMERS);
		}

		void seed(Service service, int customers) throws Exception {
			for (int customer = 0; customer < customers; customer++) {
				for (int i = 0; i < contacts(customer); i++) {
					service.wix("/contacts/v4/contacts", Map.of("allowDuplicates", true, "info", Map.of("emails",
							Map.of("items", List.of(Map.of("tag", "MAIN", "email", email(customer)))))));
				}
			}
		}

		/**
		 * The same events for the same prefix: each run of the benchmark sees the same
		 * workload.
		 */
		List<Event> events(String prefix) {
			Random draw = new Random(prefix.hashCode());
			List<Event> events = new ArrayList<>(EVENTS);
			for (int i = 0; i < EVENTS; i++) {
				int customer = customer(draw.nextDouble());
				events.add(new Event(prefix + "-" + i, customer, prefix + " message " + i));
			}
			return events;
		}

		private int customer(double u) {
			int low = 0;
			int high = CUSTOMERS - 1;
			while (low < high) {
				int middle = (low + high) / 2;
				if (this.cumulative[middle] < u) {
					low = middle + 1;
				}
				else {
					high = middle;
				}
			}
			return low;
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

	}

	/** inbox-sync as an operator runs it, in its own process, with its sandbox. */
	private static final class Service implements AutoCloseable {

		private final Process process;

		private final String base;

		private final Path dataDir;

		private final Path log;

		private Service(Process process, int port, Path dataDir, Path log) {
			this.process = process;
			this.base = "http://localhost:" + port;
			this.dataDir = dataDir;
			this.log = log;
		}

		static Service start(Map<String, String> settings) throws Exception {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path dataDir = Files.createTempDirectory("inbox-sync-bench-");
			Path log = Files.createTempFile("inbox-sync-bench-", ".log");
			List<String> command = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
					System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
					"io.inboxsync.InboxSyncApplication", "--server.port=" + port, "--inbox-sync.data-dir=" + dataDir,
					"--inbox-sync.pipeline.consumers=" + CONSUMERS, "--inbox-sync.delivery.consumers=" + CONSUMERS,
					"--logging.level.io.inboxsync.delivery.SendStage=WARN",
					"--logging.level.io.inboxsync.sandbox=WARN"));
			settings.forEach((key, value) -> command.add("--" + key + "=" + value));
			Process process = new ProcessBuilder(command).directory(new File("."))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Service service = new Service(process, port, dataDir, log);
			long deadline = System.currentTimeMillis() + 120_000;
			while (true) {
				if (!process.isAlive() || System.currentTimeMillis() > deadline) {
					throw new IllegalStateException("inbox-sync did not start; see " + log);
				}
				try {
					if (HTTP
						.send(HttpRequest.newBuilder(URI.create(service.base + "/actuator/health")).build(),
								HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200) {
						return service;
					}
				}
				catch (IOException notYet) {
					// not listening yet
				}
				Thread.sleep(250);
			}
		}

		/**
		 * Posts every event to the chat webhook, 32 at a time; the seconds it took to get
		 * every 202.
		 */
		double postAll(List<Event> events) throws Exception {
			Semaphore inFlight = new Semaphore(32);
			AtomicInteger refused = new AtomicInteger();
			List<CompletableFuture<?>> posts = new ArrayList<>();
			long started = System.nanoTime();
			for (Event event : events) {
				String body = JSON.writeValueAsString(Map.of("id", event.id(), "contact",
						Map.of("email", Workload.email(event.customer())), "message", Map.of("text", event.text())));
				inFlight.acquire();
				posts.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(this.base + "/webhooks/chat-tool"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
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
			return (System.nanoTime() - started) / 1e9;
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

		double metric(String name) throws Exception {
			return get("/actuator/metrics/" + name).path("measurements").path(0).path("value").asDouble();
		}

		JsonNode get(String path) throws Exception {
			return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
		}

		JsonNode getWithToken(String path) throws Exception {
			String token = Files.readString(this.dataDir.resolve("api-token")).trim();
			return send(
					HttpRequest.newBuilder(URI.create(this.base + path)).header("Authorization", "Bearer " + token));
		}

		void post(String path, Object body) throws Exception {
			send(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		}

		void wix(String path, Object body) throws Exception {
			send(HttpRequest.newBuilder(URI.create(this.base + "/wix-sandbox" + path))
				.header("Content-Type", "application/json")
				.header("Authorization", "sandbox-api-key")
				.header("wix-site-id", "5a4db0c6-0000-4000-8000-5a4db0c65173")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		}

		void delete(String path) throws Exception {
			send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE());
		}

		private JsonNode send(HttpRequest.Builder request) throws Exception {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
		}

		int logLines(String text) throws IOException {
			try (var lines = Files.lines(this.log)) {
				return (int) lines.filter((line) -> line.contains(text)).count();
			}
		}

		/** The most memory the process ever held in RAM (VmHWM), in MB. */
		double peakRssMb() throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc/" + this.process.pid() + "/status"))) {
				if (line.startsWith("VmHWM:")) {
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

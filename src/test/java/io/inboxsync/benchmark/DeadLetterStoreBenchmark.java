package io.inboxsync.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.inboxsync.PostgresTestDatabase;
import io.inboxsync.deadletter.DeadLetter;
import io.inboxsync.deadletter.DeadLetterReplayer;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.deadletter.ReplayJob;
import io.inboxsync.deadletter.ReplayJobStore;
import io.inboxsync.deadletter.ReplayJobs;
import io.inboxsync.delivery.CustomerGroups;
import io.inboxsync.delivery.Delivery;
import io.inboxsync.delivery.DeliveryConverters;
import io.inboxsync.delivery.DeliveryLedgerConfiguration;
import io.inboxsync.delivery.PipelineQueues;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InboxEventConverters;
import io.inboxsync.reply.ReplyQueues;
import io.inboxsync.retention.RetentionPruner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.support.TypeConverterSupport;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stores at scale: {@code ./mvnw -Pbenchmark verify -Dtest=DeadLetterStoreBenchmark}.
 * Fills {@code benchmark.dead-letters} dead letters (1,000,000) into H2 and into an
 * embedded PostgreSQL, upgrades them from V12 as an existing installation would be, and
 * measures each way the operator API lists them and the console counts them
 * ({@code benchmark.calls} calls each, 50, with different values so no result cache
 * answers), a bulk replay of {@code benchmark.replay} (100,000) onto a real queue (an
 * embedded Artemis with a persistent journal), and the delivery ledger's check at
 * {@code benchmark.ledger-rows} rows (10,000,000) and its retention. It measures; it
 * asserts nothing.
 */
class DeadLetterStoreBenchmark {

	private static final int DEAD_LETTERS = Integer.getInteger("benchmark.dead-letters", 1_000_000);

	private static final int LEDGER_ROWS = Integer.getInteger("benchmark.ledger-rows", 10_000_000);

	private static final int REPLAY = Math.min(Integer.getInteger("benchmark.replay", 100_000), DEAD_LETTERS / 10);

	private static final int CALLS = Integer.getInteger("benchmark.calls", 50);

	private static final int LEDGER_CALLS = 5_000;

	/**
	 * Which databases to measure: {@code h2}, {@code postgresql} or both (the default).
	 */
	private static final String DATABASES = System.getProperty("benchmark.databases", "h2,postgresql")
		.toLowerCase(Locale.ROOT);

	private static final double LIST_TARGET_MS = 200;

	private static final double REPLAY_TARGET_PER_SECOND = 1_000;

	private static final double LEDGER_TARGET_MS = 5;

	/** The source of the dead letters the bulk replay replays: one in ten, all open. */
	private static final String REPLAYED_SOURCE = "sms";

	private static final String[] SOURCES = { "chat-tool", "chat-tool", "chat-tool", "web-form", "web-form",
			"shop-orders", "kafka-orders", "folder-import", "helpdesk", REPLAYED_SOURCE };

	private static final String[] STAGES = { "lookup", "lookup", "lookup", "send", "send", "send", "send",
			"conversation", "conversation", "mapping", "reply" };

	private static final Instant NEWEST = Instant.parse("2026-11-30T00:00:00Z");

	private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

	private final List<String> table = new ArrayList<>();

	private final String loadAtStart = loadAverage();

	/** Other work on the machine shows here: the figures are wall-clock times. */
	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		}
		catch (Exception ex) {
			return "n/a";
		}
	}

	@Test
	void run() throws Exception {
		this.table.add(String.format(Locale.ROOT, "%-11s %-46s %-12s %-26s %s", "database", "figure", "target",
				"result", "met?"));
		if (DATABASES.contains("h2")) {
			Path dataDir = Files.createTempDirectory("inbox-sync-store-benchmark-");
			try (HikariDataSource h2 = pool("jdbc:h2:file:" + dataDir.resolve("inbox-sync"), "sa")) {
				measure("H2", h2, () -> Files.size(dataDir.resolve("inbox-sync.mv.db")));
			}
		}
		if (DATABASES.contains("postgresql")) {
			String url = PostgresTestDatabase.newDatabase("store_benchmark_" + System.currentTimeMillis());
			try (HikariDataSource postgres = pool(url + "&reWriteBatchedInserts=true", "postgres")) {
				measure("PostgreSQL", postgres, null);
			}
		}
		System.out.println();
		System.out.printf(Locale.ROOT,
				"inbox-sync store benchmark: %,d dead letters, %,d ledger rows, %d calls each, " + "%d cores%n",
				DEAD_LETTERS, LEDGER_ROWS, CALLS, Runtime.getRuntime().availableProcessors());
		this.table.forEach(System.out::println);
	}

	private void measure(String database, HikariDataSource dataSource, FileSize fileSize) throws Exception {
		Flyway.configure().dataSource(dataSource).table("inbox_sync_schema_history").target("12").load().migrate();
		long started = System.nanoTime();
		new DeadLetters(dataSource).fill();
		note(database, "fill " + DEAD_LETTERS + " dead letters (V12 schema)", seconds(started));
		if (fileSize != null) {
			note(database, "H2 file after the fill (MB)", fileSize.bytes() / 1e6);
		}
		started = System.nanoTime();
		Flyway.configure().dataSource(dataSource).table("inbox_sync_schema_history").load().migrate();
		note(database, "upgrade to V13 (indexes, open counts) (s)", seconds(started));
		analyze(dataSource, "inbox_sync_dead_letter");
		if (fileSize != null) {
			note(database, "H2 file after the upgrade (MB)", fileSize.bytes() / 1e6);
		}

		DeadLetterStore store = new DeadLetterStore(dataSource);
		Random random = new Random(7);
		list(database, "list, no filter but status OPEN (console)",
				(i) -> store.list(filter(OPEN, null, null, null), 25, 0));
		list(database, "list, status REPLAYED", (i) -> store.list(
				new DeadLetterStore.Filter(DeadLetter.Status.values()[1 + i % 2], null, null, null, null, null, null),
				50, 0));
		list(database, "list, any status", (i) -> store.list(filter(null, null, null, null), 50, i % 3));
		list(database, "list, source", (i) -> store.list(filter(OPEN, SOURCES[i % SOURCES.length], null, null), 50, 0));
		list(database, "list, stage", (i) -> store.list(filter(OPEN, null, STAGES[i % STAGES.length], null), 50, 0));
		list(database, "list, source and stage", (i) -> store
			.list(filter(OPEN, SOURCES[i % SOURCES.length], STAGES[(i / 3) % STAGES.length], null), 50, 0));
		list(database, "list, reason text (one cause in 50)",
				(i) -> store.list(filter(OPEN, null, null, Reasons.searchedFor(i)), 50, 0));
		list(database, "list, reason text, any status, upper case", (i) -> store
			.list(filter(null, null, null, Reasons.searchedFor(i + 7).toUpperCase(Locale.ROOT)), 50, 0));
		list(database, "list, reason text matching nothing",
				(i) -> store.list(filter(OPEN, null, null, "no such reason " + i), 50, 0));
		list(database, "list, eventId", (i) -> store.list(new DeadLetterStore.Filter(null, null, null, null,
				DeadLetters.eventId(random.nextInt(DEAD_LETTERS)), null, null), 50, 0));
		list(database, "list, from/to (one day)", (i) -> {
			Instant from = NEWEST.minus(Duration.ofDays(1 + random.nextInt(10)));
			store.list(new DeadLetterStore.Filter(OPEN, null, null, null, null, from, from.plus(Duration.ofDays(1))),
					50, 0);
		});
		list(database, "list, paging (offset up to 2,450)",
				(i) -> store.list(filter(OPEN, null, null, null), 50, 50 * i));
		list(database, "countOpen", (i) -> store.countOpen());
		list(database, "countOpenByStage", (i) -> store.countOpenByStage());
		list(database, "countOpenBySource", (i) -> store.countOpenBySource());
		list(database, "countOpenByReason (5,000)", (i) -> store.countOpenByReason(5000));
		list(database, "replay estimate, source",
				(i) -> store.countReplayable(filter(OPEN, SOURCES[i % 10], null, null)));

		replay(database, dataSource, store);
		ledger(database, dataSource);
		if (fileSize != null) {
			note(database, "H2 file at the end (MB)", fileSize.bytes() / 1e6);
		}
	}

	private static final DeadLetter.Status OPEN = DeadLetter.Status.OPEN;

	private static DeadLetterStore.Filter filter(DeadLetter.Status status, String source, String stage, String reason) {
		return new DeadLetterStore.Filter(status, source, stage, reason, null, null, null);
	}

	private void list(String database, String figure, IntConsumer call) {
		long first = System.nanoTime();
		call.accept(CALLS);
		double firstMillis = (System.nanoTime() - first) / 1e6;
		double[] millis = new double[CALLS];
		for (int i = 0; i < CALLS; i++) {
			long started = System.nanoTime();
			call.accept(i);
			millis[i] = (System.nanoTime() - started) / 1e6;
		}
		Arrays.sort(millis);
		double p99 = percentile(millis, 0.99);
		row(database, figure + " p50/p99 ms", "p99 <= 200",
				String.format(Locale.ROOT, "%.1f / %.1f (first %.0f)", percentile(millis, 0.5), p99, firstMillis),
				p99 <= LIST_TARGET_MS);
	}

	/** A bulk replay of the {@link #REPLAYED_SOURCE}'s dead letters onto a real queue. */
	private void replay(String database, DataSource dataSource, DeadLetterStore store) throws Exception {
		Path journal = Files.createTempDirectory("inbox-sync-store-benchmark-broker-");
		EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
		broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(true)
			.setSecurityEnabled(false)
			.setJournalDirectory(journal.resolve("journal").toString())
			.setBindingsDirectory(journal.resolve("bindings").toString())
			.setLargeMessagesDirectory(journal.resolve("large").toString())
			.setPagingDirectory(journal.resolve("paging").toString())
			.addAcceptorConfiguration("in-vm", "vm://0")
			.addQueueConfiguration(QueueConfiguration.of("inbox-sync.deliveries").setRoutingType(RoutingType.ANYCAST))
			.addQueueConfiguration(QueueConfiguration.of("inbox-sync.events").setRoutingType(RoutingType.ANYCAST)));
		broker.start();
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory(
				new ActiveMQConnectionFactory("vm://0"));
		CamelContext camel = new DefaultCamelContext();
		try {
			DeliveryConverters deliveries = new DeliveryConverters(JSON);
			InboxEventConverters events = new InboxEventConverters(JSON);
			converter(camel, InboxEvent.class, String.class, (value) -> events.toInboxEvent((String) value));
			converter(camel, String.class, InboxEvent.class, (value) -> events.toJson((InboxEvent) value));
			converter(camel, String.class, Delivery.class, (value) -> deliveries.toJson((Delivery) value));
			camel.addComponent("jms", JmsComponent.jmsComponent((ConnectionFactory) connectionFactory));
			ProducerTemplate producer = camel.createProducerTemplate();
			PipelineQueues queues = new PipelineQueues(producer, new CustomerGroups("benchmark-key"));
			camel.addRoutes(enqueueRoutes(queues));
			camel.start();
			DeadLetterReplayer replayer = new DeadLetterReplayer(store, queues, new ReplyQueues(producer), producer,
					new SimpleMeterRegistry(), connectionFactory);
			TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
			ReplayJobs jobs = new ReplayJobs(new ReplayJobStore(new JdbcTemplate(dataSource)), store, replayer,
					transactions, Runnable::run);
			long started = System.nanoTime();
			long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
			ReplayJob job = jobs.start(filter(OPEN, REPLAYED_SOURCE, null, null));
			double seconds = seconds(started);
			double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1e9;
			ReplayJob done = jobs.find(job.jobId()).orElseThrow();
			double perSecond = done.replayed() / seconds;
			row(database, "bulk replay of " + done.total() + " (per second)", ">= 1,000",
					String.format(Locale.ROOT, "%.0f (%d in %.1f s)", perSecond, done.replayed(), seconds),
					perSecond >= REPLAY_TARGET_PER_SECOND && done.replayed() == REPLAY);
			long queued = queuedOn(connectionFactory, "inbox-sync.deliveries")
					+ queuedOn(connectionFactory, "inbox-sync.events");
			note(database, "  messages on the queues after it", queued);
			note(database, "  replays per second of this thread's CPU time", done.replayed() / cpuSeconds);
		}
		finally {
			camel.close();
			connectionFactory.destroy();
			broker.stop();
		}
	}

	/** As the application's TypeConverters beans convert, for a bare Camel. */
	private static void converter(CamelContext camel, Class<?> to, Class<?> from, Conversion conversion) {
		camel.getTypeConverterRegistry().addTypeConverter(to, from, new TypeConverterSupport() {

			@Override
			public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
				try {
					return type.cast(conversion.convert(value));
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}

		});
	}

	@FunctionalInterface
	private interface Conversion {

		Object convert(Object value) throws Exception;

	}

	/** As routes/pipeline.yaml puts events and deliveries on their queues. */
	private static RouteBuilder enqueueRoutes(PipelineQueues queues) {
		return new RouteBuilder() {

			@Override
			public void configure() {
				from("direct:inbox-sync-enqueue").convertBodyTo(InboxEvent.class)
					.process((exchange) -> queues.addressEvent(exchange.getMessage().getBody(InboxEvent.class),
							exchange.getMessage()))
					.to("jms:queue:inbox-sync.events?exchangePattern=InOnly&jmsMessageType=Text");
				from("direct:inbox-sync-enqueue-delivery")
					.process((exchange) -> queues.addressDelivery(exchange.getMessage().getBody(Delivery.class),
							exchange.getMessage()))
					.to("jms:queue:inbox-sync.deliveries?exchangePattern=InOnly&jmsMessageType=Text");
			}

		};
	}

	private static long queuedOn(ConnectionFactory connectionFactory, String queue) throws Exception {
		try (jakarta.jms.Connection connection = connectionFactory.createConnection();
				jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE)) {
			long count = 0;
			var browser = session.createBrowser(session.createQueue(queue));
			var messages = browser.getEnumeration();
			while (messages.hasMoreElements()) {
				messages.nextElement();
				count++;
			}
			return count;
		}
	}

	/**
	 * The ledger at {@link #LEDGER_ROWS} rows: the idempotent consumer's check through
	 * Camel's repository as the pipeline configures it, and one retention run.
	 */
	private void ledger(String database, HikariDataSource dataSource) throws Exception {
		long started = System.nanoTime();
		fillLedger(dataSource);
		note(database, "fill " + LEDGER_ROWS + " ledger rows (s)", seconds(started));
		analyze(dataSource, "inbox_sync_delivery");
		JdbcMessageIdRepository ledger = DeliveryLedgerConfiguration.deliveryLedger(dataSource);
		ledger.start();
		Random random = new Random(11);
		double[] millis = new double[LEDGER_CALLS];
		int found = 0;
		for (int i = 0; i < LEDGER_CALLS + 100; i++) {
			String key = (i % 2 == 0) ? ledgerKey(random.nextInt(LEDGER_ROWS))
					: "chat-tool/" + UUID.randomUUID() + "/c-1";
			long call = System.nanoTime();
			boolean contains = ledger.contains(key);
			if (i >= 100) {
				millis[i - 100] = (System.nanoTime() - call) / 1e6;
				found += (contains) ? 1 : 0;
			}
		}
		Arrays.sort(millis);
		row(database, "ledger check at " + LEDGER_ROWS + " rows p50/p99 ms", "p99 <= 5",
				String.format(Locale.ROOT, "%.2f / %.2f (%d%% found)", percentile(millis, 0.5),
						percentile(millis, 0.99), found * 100 / LEDGER_CALLS),
				percentile(millis, 0.99) <= LEDGER_TARGET_MS);
		this.table.add("            plan: " + plan(dataSource,
				"select count(*) from inbox_sync_delivery where processor_name = 'inbox-sync-deliveries' "
						+ "and delivery_key = 'x'"));
		started = System.nanoTime();
		RetentionPruner.Pruned pruned = new RetentionPruner(dataSource, Duration.ofDays(30), Duration.ofDays(90))
			.prune()
			.orElseThrow();
		double seconds = seconds(started);
		row(database, "retention: prune " + pruned.ledgerRows() + " expired ledger rows (ms per 1,000)", "indexed",
				String.format(Locale.ROOT, "%.0f", seconds * 1000 / Math.max(1, pruned.ledgerRows() / 1000.0)), true);
		// The statement RetentionPruner runs on this database.
		this.table.add("            plan: " + plan(dataSource, dataSource.getJdbcUrl().startsWith("jdbc:h2:")
				? "delete from inbox_sync_delivery where delivered_at < current_timestamp fetch first 1000 rows only"
				: "delete from inbox_sync_delivery where (processor_name, delivery_key) in (select processor_name, "
						+ "delivery_key from inbox_sync_delivery where delivered_at < current_timestamp limit 1000)"));
	}

	/**
	 * Ledger rows as the pipeline writes them ("source/event id/contact id"), over 29
	 * days, but for the first 10,000, expired: 40 days old.
	 */
	private static void fillLedger(HikariDataSource dataSource) throws Exception {
		boolean postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
		String hash = postgres ? "md5(cast(x as varchar))" : "lower(rawtohex(hash('MD5', cast(x as varchar))))";
		String rows = postgres ? "generate_series(cast(? as bigint), cast(? as bigint)) as g(x)" : "system_range(?, ?)";
		String deliveredAt = postgres
				? "now() - (case when x < 10000 then 3456000 else x % 2505600 end) * interval '1 second'"
				: "dateadd(second, -(case when x < 10000 then 3456000 else mod(x, 2505600) end), localtimestamp)";
		int chunk = 250_000;
		try (Connection connection = dataSource.getConnection();
				PreparedStatement insert = connection
					.prepareStatement("insert into inbox_sync_delivery (processor_name, delivery_key, delivered_at) "
							+ "select 'inbox-sync-deliveries', 'chat-tool/' || " + hash + " || '/c-' || mod(x, 997), "
							+ deliveredAt + " from " + rows)) {
			for (long from = 0; from < LEDGER_ROWS; from += chunk) {
				insert.setLong(1, from);
				insert.setLong(2, Math.min(LEDGER_ROWS, from + chunk) - 1);
				insert.executeUpdate();
			}
		}
	}

	private static String ledgerKey(int x) {
		try {
			byte[] md5 = MessageDigest.getInstance("MD5").digest(String.valueOf(x).getBytes(StandardCharsets.UTF_8));
			return "chat-tool/" + HexFormat.of().formatHex(md5) + "/c-" + (x % 997);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String plan(DataSource dataSource, String sql) {
		List<String> lines = new JdbcTemplate(dataSource).queryForList("explain " + sql, String.class);
		return String.join(" ", lines).replaceAll("\\s+", " ");
	}

	private static void analyze(DataSource dataSource, String table) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
				// What autovacuum does on its own a little after a large change.
				statement.execute("vacuum analyze " + table);
			}
			else {
				statement.execute("analyze table " + table);
			}
		}
	}

	private static double percentile(double[] sorted, double quantile) {
		return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
	}

	private static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

	private void row(String database, String figure, String target, String result, boolean met) {
		this.table.add(String.format(Locale.ROOT, "%-11s %-46s %-12s %-26s %s", database, figure, target, result,
				met ? "met" : "MISSED"));
		System.out.println(this.table.get(this.table.size() - 1));
	}

	private void note(String database, String figure, double value) {
		this.table.add(String.format(Locale.ROOT, "%-11s %-46s %-12s %-26s", database, figure, "",
				String.format(Locale.ROOT, "%.1f", value)));
		System.out.println(this.table.get(this.table.size() - 1));
	}

	private static HikariDataSource pool(String url, String user) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(user);
		config.setPassword("");
		config.setMaximumPoolSize(4);
		return new HikariDataSource(config);
	}

	@FunctionalInterface
	private interface FileSize {

		long bytes() throws Exception;

	}

	/**
	 * Realistic reasons: 50 causes, each with what varies from one dead letter to the
	 * next (masked addresses, ids, attempts).
	 */
	static final class Reasons {

		private static final String[] FIELDS = { "message.badges[0].iconUrl", "message.content.basic.items[0].text",
				"message.content.previewText", "participant.contactId", "message.content.minimal.url" };

		private static final String[] CAUSES = {
				"Wix answered 400 to POST /inbox/v2/messages: %s must be a valid " + "web URL (FORMAT), request %s",
				"Wix answered 400 to POST /inbox/v2/messages: %s exceeds MAX_SIZE, request %s",
				"gave up after %3$d attempts: Wix answered 503 to POST /inbox/v2/messages (%s), request %s",
				"gave up after %3$d attempts: Wix answered 429 to POST /inbox/v2/conversations/get-or-create: "
						+ "rate limited (%s), request %s",
				"Wix answered 404 to POST /inbox/v2/conversations/get-or-create: contact %2$s not found (%s)",
				"no Wix contact has the email %4$s (%s), event %s", "no Wix contact has the phone %5$s (%s), event %s",
				"Wix answered 403 to POST /inbox/v2/messages: app lacks the permission for %s, request %s",
				"the queued message is not an inbox-sync event: Unrecognized field \"%s\" at line %3$d, event %s",
				"reply channel refused the reply: HTTP 422 on %s, message %s" };

		static String reason(Random random, int shape) {
			String field = FIELDS[shape % FIELDS.length];
			String cause = CAUSES[shape / FIELDS.length];
			String email = (char) ('a' + random.nextInt(26)) + "***@example" + random.nextInt(20) + ".com";
			return String.format(Locale.ROOT, cause, field, UUID.randomUUID(), 1 + random.nextInt(10), email,
					"+1415***" + random.nextInt(100));
		}

		/**
		 * Text an operator searches for: a part of one cause as it is written, its field
		 * and the words after it.
		 */
		static String searchedFor(int i) {
			int shape = i % (FIELDS.length * CAUSES.length);
			String field = FIELDS[shape % FIELDS.length];
			String cause = CAUSES[shape / FIELDS.length];
			String after = cause.substring(cause.indexOf("%s") + 2);
			after = (after.indexOf('%') >= 0) ? after.substring(0, after.indexOf('%')) : after;
			String[] words = after.split(" ");
			return field.substring(field.lastIndexOf('.') + 1)
					+ String.join(" ", Arrays.copyOfRange(words, 0, Math.min(3, words.length)));
		}

	}

	/** The dead letters, filled with batched inserts on the V12 schema. */
	private static final class DeadLetters {

		private static final int BATCH = 1000;

		private final DataSource dataSource;

		DeadLetters(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		static String eventId(int i) {
			return "ev-" + Integer.toString(i * 7919 + 104729, 36);
		}

		void fill() throws Exception {
			Random random = new Random(42);
			AtomicLong rows = new AtomicLong();
			try (Connection connection = this.dataSource.getConnection();
					PreparedStatement insert = connection.prepareStatement("insert into inbox_sync_dead_letter (id, "
							+ "event_id, source, contact_id, stage, reason, wix_status, attempts, first_failed_at, "
							+ "last_failed_at, event, status, closed_at, maybe_in_wix_since, trace_id) "
							+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
				connection.setAutoCommit(false);
				for (int i = 0; i < DEAD_LETTERS; i++) {
					boolean replayed = i % 10 == 9;
					String source = SOURCES[i % SOURCES.length];
					String stage = replayed ? STAGES[random.nextInt(7)] : STAGES[random.nextInt(STAGES.length)];
					int shape = random.nextInt(50);
					String status = replayed ? "OPEN" : closedOrOpen(random);
					// Oldest first, a few seconds apart, over about the last month.
					Instant failed = NEWEST.minusSeconds(3L * (DEAD_LETTERS - i));
					String eventId = eventId(i);
					String contactId = stage.equals("lookup") || stage.equals("mapping") ? null
							: "c-" + Integer.toString(random.nextInt(1_000_000), 36);
					insert.setString(1, new UUID(random.nextLong(), random.nextLong()).toString());
					insert.setString(2, eventId);
					insert.setString(3, source);
					insert.setString(4, contactId);
					insert.setString(5, stage);
					insert.setString(6, Reasons.reason(random, shape));
					insert.setObject(7, stage.equals("send") ? 400 : null);
					insert.setInt(8, 1 + random.nextInt(10));
					insert.setTimestamp(9, Timestamp.from(failed.minusSeconds(random.nextInt(3600))));
					insert.setTimestamp(10, Timestamp.from(failed));
					insert.setString(11, event(random, eventId, source, failed));
					insert.setString(12, status);
					insert.setTimestamp(13, status.equals("OPEN") ? null : Timestamp.from(failed.plusSeconds(60)));
					insert.setTimestamp(14, null);
					insert.setString(15,
							HexFormat.of()
								.formatHex(new UUID(random.nextLong(), random.nextLong()).toString()
									.getBytes(StandardCharsets.US_ASCII), 0, 16));
					insert.addBatch();
					if (rows.incrementAndGet() % BATCH == 0) {
						insert.executeBatch();
						connection.commit();
					}
				}
				insert.executeBatch();
				connection.commit();
			}
		}

		private static String closedOrOpen(Random random) {
			int roll = random.nextInt(100);
			return (roll < 7) ? "REPLAYED" : (roll < 10) ? "DISCARDED" : "OPEN";
		}

		/**
		 * An event as a source maps it: a chat message of a customer, about 700 bytes.
		 */
		private static String event(Random random, String eventId, String source, Instant occurredAt) throws Exception {
			String customer = "customer" + random.nextInt(200_000);
			String text = Stream
				.of("Hi, is my order", "ready", "I paid with card ending", random.nextInt(10_000),
						"yesterday and the tracking page still says processing. Could you check and call me back?",
						"Order", random.nextInt(1_000_000), "Thanks a lot!")
				.map(String::valueOf)
				.reduce((a, b) -> a + " " + b)
				.orElseThrow();
			InboxEvent event = new InboxEvent(eventId, source, occurredAt,
					new InboxEvent.Customer(customer + "@example.com", "+1415555" + random.nextInt(10_000),
							"Customer " + customer),
					new InboxEvent.Message(InboxEvent.MessageKind.BASIC, text,
							InboxEvent.Direction.PARTICIPANT_TO_BUSINESS, InboxEvent.Visibility.BUSINESS,
							text.substring(0, 40), new InboxEvent.Badge("Chat", "https://example.com/chat.png"), null,
							null),
					null);
			return JSON.writeValueAsString(event);
		}

	}

}

package io.inboxsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.metrics.PipelineMetrics;
import io.inboxsync.metrics.QueueDepths;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus scrape after real traffic (a delivery retried once, an event refused,
 * one dead-lettered) holds every metric the Grafana dashboard in ops/grafana queries,
 * counts what happened, and never names a customer, an event or a contact.
 */
class MetricsDashboardTest extends InboxSyncTestSupport {

	static final Path DASHBOARD = Path.of("ops/grafana/inbox-sync-dashboard.json");

	/**
	 * A metric name in PromQL: an identifier that is not a function, keyword or label.
	 */
	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset");

	/** A sample line of the scrape: its metric name, before its labels or value. */
	private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

	@Autowired
	MeterRegistry meters;

	@Test
	void everyMetricTheDashboardQueriesIsScrapedAfterTraffic() throws IOException {
		String email = uniqueEmail("metrics");
		String contactId = this.wix.createContact(email);
		String text = "Metrics " + email;
		double delivered = count(PipelineMetrics.DELIVERED, "chat-tool");
		double timed = timed("chat-tool");
		double refused = count(PipelineMetrics.REFUSED, "chat-tool");
		this.wix
			.fault(Map.of("path", "/inbox/v2/messages", "method", "POST", "status", 429, "count", 1, "match", text));

		String eventId = this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", email), "message", Map.of("text", text), "direction", "inbound"))
			.json()
			.path("eventId")
			.asText();
		String lostEventId = this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", uniqueEmail("nobody")), "message", Map.of("text", "Hi")))
			.json()
			.path("eventId")
			.asText();
		assertThat(this.api.postWebhook("chat-tool", "application/json", "{\"contact\": ").status()).isEqualTo(400);
		awaitDelivered(eventId, contactId);
		awaitDeadLetter(lostEventId);

		assertThat(count(PipelineMetrics.DELIVERED, "chat-tool")).isEqualTo(delivered + 1);
		assertThat(timed("chat-tool")).isEqualTo(timed + 1);
		assertThat(count(PipelineMetrics.REFUSED, "chat-tool")).isEqualTo(refused + 1);
		assertThat(
				this.meters.get(PipelineMetrics.RETRIED).tags("source", "chat-tool", "stage", "send").counter().count())
			.isPositive();
		assertThat(this.meters.get(PipelineMetrics.DEAD_LETTERED)
			.tags("source", "chat-tool", "stage", "lookup")
			.counter()
			.count()).isPositive();
		eventually().until(
				() -> this.meters.get(QueueDepths.DEPTH).tag("queue", "inbox-sync.deliveries").gauge().value(),
				(depth) -> depth >= 0);
		String scrape = scrape();
		assertThat(scrapedMetrics(scrape)).containsAll(dashboardMetrics());
		assertThat(scrape).doesNotContain(email).doesNotContain(eventId).doesNotContain(contactId);
	}

	@Test
	void theScrapeIsTheOperators() {
		Api.Reply stranger = this.api.send(HttpMethod.GET, "/actuator/prometheus", null, null, Map.of());
		Api.Reply metrics = this.api.send(HttpMethod.GET, "/actuator/metrics", null, null, Map.of());

		assertThat(stranger.status()).isEqualTo(401);
		assertThat(stranger.json().path("reason").asText()).contains("Authorization: Bearer");
		assertThat(metrics.status()).isEqualTo(401);
		assertThat(this.api.operator(HttpMethod.GET, "/actuator/metrics").status()).isEqualTo(200);
	}

	/** The metric names in every query ({@code expr}) of the dashboard's panels. */
	static Set<String> dashboardMetrics() throws IOException {
		JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
		Set<String> metrics = new TreeSet<>();
		dashboard.findValues("expr").forEach((expr) -> metrics.addAll(metricNames(expr.asText())));
		assertThat(metrics).as("metrics the dashboard queries").isNotEmpty();
		return metrics;
	}

	/**
	 * The names in one PromQL expression: what is left once label matchers, groupings,
	 * ranges and strings are taken out, less functions (followed by a bracket), keywords
	 * and numbers.
	 */
	static Set<String> metricNames(String expr) {
		String bare = expr.replaceAll("\"[^\"]*\"", "")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^\\]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(bare);
		while (identifier.find()) {
			String rest = bare.substring(identifier.end()).stripLeading();
			if (!rest.startsWith("(") && !KEYWORDS.contains(identifier.group())) {
				names.add(identifier.group());
			}
		}
		return names;
	}

	private Set<String> scrapedMetrics(String scrape) {
		Set<String> names = new TreeSet<>();
		Matcher sample = SAMPLE.matcher(scrape);
		while (sample.find()) {
			names.add(sample.group(1));
		}
		return names;
	}

	private String scrape() {
		Api.Reply reply = this.api.operator(HttpMethod.GET, "/actuator/prometheus");
		assertThat(reply.status()).isEqualTo(200);
		return reply.body();
	}

	private double count(String counter, String source) {
		Counter found = this.meters.find(counter).tag("source", source).counter();
		return (found != null) ? found.count() : 0;
	}

	private double timed(String source) {
		Timer found = this.meters.find(PipelineMetrics.LATENCY).tag("source", source).timer();
		return (found != null) ? found.count() : 0;
	}

}

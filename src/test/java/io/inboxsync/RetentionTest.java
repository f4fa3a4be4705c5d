package io.inboxsync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.inboxsync.retention.RetentionPruner;
import org.apache.camel.Route;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention in the running service: the route that prunes, and a replay after pruning
 * that still finds its event's deliveries in the ledger.
 */
class RetentionTest extends InboxSyncTestSupport {

	@Autowired
	RetentionPruner pruner;

	@Autowired
	@Qualifier("inboxSyncDeliveries")
	IdempotentRepository ledger;

	@Autowired
	JdbcClient jdbc;

	@Test
	void pruningRunsOnATimerRoute() {
		Route route = this.camelContext.getRoute("inbox-sync-retention");

		assertThat(route).isNotNull();
		assertThat(this.camelContext.getRouteController().getRouteStatus(route.getId()).isStarted()).isTrue();
		assertThat(route.getEndpoint()).isInstanceOfSatisfying(TimerEndpoint.class, (timer) -> {
			assertThat(Duration.ofMillis(timer.getDelay())).isEqualTo(Duration.ofMinutes(5));
			assertThat(Duration.ofMillis(timer.getPeriod())).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void aReplayAfterPruningStillFindsTheDeliveriesOfTheRetention() {
		// An event whose customer had no contact yet: a lookup dead letter. Meanwhile (29
		// days ago, as far as the ledger knows) a copy of it reached the contact.
		String email = uniqueEmail("retention");
		String eventId = "retention-" + UUID.randomUUID();
		this.api.postJson("chat-tool", Map.of("id", eventId, "contact", Map.of("email", email), "message",
				Map.of("text", "Delivered within the retention")));
		String deadLetterId = awaitDeadLetter(eventId).path("id").asText();
		String contactId = this.wix.createContact(email);
		String deliveredLately = "chat-tool/" + eventId + "/" + contactId;
		deliveredAgo(deliveredLately, Duration.ofDays(29));
		String deliveredLongAgo = "chat-tool/retention-" + UUID.randomUUID() + "/c-1";
		deliveredAgo(deliveredLongAgo, Duration.ofDays(31));

		assertThat(this.pruner.prune()).isPresent();
		assertThat(this.ledger.contains(deliveredLongAgo)).isFalse();
		assertThat(this.api.operator(HttpMethod.POST, "/api/dead-letters/" + deadLetterId + "/replay").status())
			.isEqualTo(202);

		// The customer's next event is looked up after the replayed one (message groups):
		// once it is in Wix, the replay is done.
		String marker = uniqueEmail("marker");
		this.api.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", marker)));
		eventually().until(() -> texts(contactId).contains(marker));
		assertThat(texts(contactId)).containsExactly(marker);
	}

	private void deliveredAgo(String key, Duration age) {
		assertThat(this.ledger.add(key)).isTrue();
		this.jdbc.sql("update inbox_sync_delivery set delivered_at = ? where delivery_key = ?")
			.params(Timestamp.from(Instant.now().minus(age)), key)
			.update();
	}

	private List<String> texts(String contactId) {
		return this.wix.messages(contactId)
			.stream()
			.map((message) -> message.path("content").path("basic").path("items").get(0).path("text").asText())
			.toList();
	}

}

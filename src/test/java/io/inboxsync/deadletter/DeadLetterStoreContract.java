package io.inboxsync.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.inboxsync.delivery.DeliveryLedgerConfiguration;
import io.inboxsync.delivery.SharedSettings;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dead-letter store, the delivery ledger and the shared settings promise, on any
 * database the service supports: each subclass runs these against one, with the schema
 * made by the service's own migrations.
 */
abstract class DeadLetterStoreContract {

	private DeadLetterStore store;

	private JdbcMessageIdRepository ledger;

	protected abstract DataSource dataSource();

	@BeforeEach
	void migrate() throws Exception {
		Flyway.configure().dataSource(dataSource()).table("inbox_sync_schema_history").load().migrate();
		this.store = new DeadLetterStore(dataSource());
		this.ledger = DeliveryLedgerConfiguration.deliveryLedger(dataSource());
		this.ledger.start();
	}

	@Test
	void aDeadLetterKeepsWhatTheOperatorNeeds() {
		String eventId = UUID.randomUUID().toString();

		DeadLetter recorded = this.store.record(failure(eventId, "c-1", "Wix answered 400 to POST /inbox/v2/messages"));

		DeadLetter found = this.store.find(recorded.id()).orElseThrow();
		assertThat(found.eventId()).isEqualTo(eventId);
		assertThat(found.contactId()).isEqualTo("c-1");
		assertThat(found.stage()).isEqualTo("send");
		assertThat(found.wixStatus()).isEqualTo(400);
		assertThat(found.attempts()).isEqualTo(1);
		assertThat(found.status()).isEqualTo(DeadLetter.Status.OPEN);
		assertThat(found.event()).contains("\"eventId\"");
		assertThat(found.firstFailedAt()).isBeforeOrEqualTo(Instant.now());
	}

	@Test
	void theSameOpenFailureAddsAnAttemptInsteadOfASecondDeadLetter() {
		String eventId = UUID.randomUUID().toString();

		this.store.record(failure(eventId, "c-1", "first"));
		DeadLetter again = this.store.record(failure(eventId, "c-1", "second"));
		this.store.record(failure(eventId, "c-2", "other contact"));

		assertThat(again.attempts()).isEqualTo(2);
		assertThat(again.reason()).isEqualTo("second");
		assertThat(this.store.list(filter(eventId, null), 10, 0).total()).isEqualTo(2);
	}

	@Test
	void anotherEventReusingTheIdIsItsOwnDeadLetter() {
		String eventId = UUID.randomUUID().toString();
		DeadLetterStore.Failure first = new DeadLetterStore.Failure(eventId, "chat-tool", null, "lookup", "no contact",
				null, 1, "{\"eventId\": \"" + eventId + "\", \"text\": \"first\"}", null);
		DeadLetterStore.Failure second = new DeadLetterStore.Failure(eventId, "chat-tool", null, "lookup", "no contact",
				null, 1, "{\"eventId\": \"" + eventId + "\", \"text\": \"second\"}", null);

		DeadLetter kept = this.store.record(first);
		DeadLetter other = this.store.record(second);
		DeadLetter firstAgain = this.store.record(first);

		assertThat(other.id()).isNotEqualTo(kept.id());
		assertThat(firstAgain.id()).isEqualTo(kept.id());
		assertThat(firstAgain.attempts()).isEqualTo(2);
		assertThat(this.store.find(kept.id()).orElseThrow().event()).contains("first");
		assertThat(this.store.find(other.id()).orElseThrow().event()).contains("second");
	}

	@Test
	void aFailureBeforeThereIsAContactOrASourceIsKeptOnceToo() {
		String eventId = UUID.randomUUID().toString();
		DeadLetterStore.Failure noContact = new DeadLetterStore.Failure(eventId, null, null, "lookup",
				"no Wix contact has the email j***@example.com", null, 1, "{}", null);

		this.store.record(noContact);
		DeadLetter again = this.store.record(noContact);

		assertThat(again.attempts()).isEqualTo(2);
		assertThat(again.contactId()).isNull();
		assertThat(again.wixStatus()).isNull();
		assertThat(this.store.list(filter(eventId, null), 10, 0).total()).isEqualTo(1);
	}

	@Test
	void onlyOneCloserWinsSoAReplayHappensOnce() {
		DeadLetter recorded = this.store.record(failure(UUID.randomUUID().toString(), "c-1", "x"));

		assertThat(this.store.close(recorded.id(), DeadLetter.Status.REPLAYED)).isTrue();
		assertThat(this.store.close(recorded.id(), DeadLetter.Status.REPLAYED)).isFalse();
		assertThat(this.store.close(recorded.id(), DeadLetter.Status.DISCARDED)).isFalse();
		assertThat(this.store.find(recorded.id()).orElseThrow().closedAt()).isNotNull();
	}

	@Test
	void filtersFindByReasonTextInAnyCaseAndByTime() {
		String eventId = UUID.randomUUID().toString();
		this.store.record(failure(eventId, "c-1", "Wix answered 400: message.badges MAX_SIZE 100%"));

		assertThat(this.store.list(filter(eventId, "badges max_size"), 10, 0).total()).isEqualTo(1);
		assertThat(this.store.list(filter(eventId, "100%"), 10, 0).total()).isEqualTo(1);
		assertThat(this.store.list(filter(eventId, "CONVERSATION"), 10, 0).total()).isZero();
		DeadLetterStore.Filter future = new DeadLetterStore.Filter(null, null, null, null, eventId,
				Instant.now().plusSeconds(60), null);
		assertThat(this.store.list(future, 10, 0).total()).isZero();
		assertThat(this.store.ids(filter(eventId, null))).hasSize(1);
	}

	@Test
	void theLedgerRecordsEachDeliveryOnce() {
		String key = UUID.randomUUID() + "/c-1";

		assertThat(this.ledger.contains(key)).isFalse();
		assertThat(this.ledger.add(key)).isTrue();
		assertThat(this.ledger.add(key)).isFalse();
		assertThat(this.ledger.contains(key)).isTrue();
	}

	@Test
	void instancesStartingTogetherAgreeOnASharedSetting() throws Exception {
		String name = "test-" + UUID.randomUUID();
		ExecutorService instances = Executors.newFixedThreadPool(4);
		try {
			List<Future<String>> values = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String mine = "value-" + i;
				values.add(instances
					.submit(() -> new SharedSettings(JdbcClient.create(dataSource())).getOrCreate(name, () -> mine)));
			}
			String first = values.get(0).get();
			for (Future<String> value : values) {
				assertThat(value.get()).isEqualTo(first);
			}
			assertThat(new SharedSettings(JdbcClient.create(dataSource())).getOrCreate(name, () -> "later"))
				.isEqualTo(first);
		}
		finally {
			instances.shutdown();
		}
	}

	@Test
	void openDeadLettersAreCountedByStageSourceAndReasonAndAsTheyWereAtEarlierTimes() {
		String source = "counted-" + UUID.randomUUID().toString().substring(0, 8);
		Instant before = Instant.now();
		List<DeadLetter> recorded = new ArrayList<>();
		for (String reason : List.of("no contact", "no contact", "Wix answered 403")) {
			String eventId = UUID.randomUUID().toString();
			recorded.add(this.store.record(new DeadLetterStore.Failure(eventId, source, null, "lookup", reason, null, 1,
					"{\"eventId\": \"" + eventId + "\"}", null)));
		}
		Instant allOpen = Instant.now();
		this.store.close(recorded.get(0).id(), DeadLetter.Status.REPLAYED);
		Instant oneClosed = Instant.now();

		assertThat(this.store.countOpenBySource()).containsEntry(source, 2L);
		assertThat(this.store.countOpenByStage().get("lookup")).isGreaterThanOrEqualTo(2);
		assertThat(this.store.countOpenByReason(10_000)).containsKeys("no contact", "Wix answered 403");
		List<Long> open = this.store.countOpenAt(List.of(before, allOpen, oneClosed));
		assertThat(open.get(1) - open.get(0)).isEqualTo(3);
		assertThat(open.get(2) - open.get(1)).isEqualTo(-1);
	}

	@Test
	void theOpenCountsFollowEveryChangeAndAnswerTheListsTotals() {
		String source = "counted-" + UUID.randomUUID().toString().substring(0, 8);
		List<DeadLetter> recorded = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String eventId = UUID.randomUUID().toString();
			recorded.add(this.store.record(new DeadLetterStore.Failure(eventId, source, null, "lookup",
					"no Wix contact has the email j***@example" + i + ".com", null, 1,
					"{\"eventId\": \"" + eventId + "\"}", null)));
		}
		DeadLetter movedOn = recorded.get(0);
		this.store.record(new DeadLetterStore.Failure(movedOn.eventId(), source, null, "send",
				"Wix answered 400 to POST /inbox/v2/messages", 400, 1, movedOn.event(), null));
		this.store.close(recorded.get(1).id(), DeadLetter.Status.DISCARDED);
		List<DeadLetter> replayed = this.store.closeReplayable(
				List.of(recorded.get(2).id(), recorded.get(3).id(), recorded.get(1).id(), "no-such-dead-letter"));

		DeadLetterStore.Filter open = new DeadLetterStore.Filter(DeadLetter.Status.OPEN, source, null, null, null, null,
				null);
		DeadLetterStore.Page page = this.store.list(open, 10, 0);
		assertThat(replayed).extracting(DeadLetter::id)
			.containsExactlyInAnyOrder(recorded.get(2).id(), recorded.get(3).id());
		assertThat(page.total()).isEqualTo(2);
		assertThat(page.totalExact()).isTrue();
		assertThat(page.deadLetters()).extracting(DeadLetter::id).containsExactly(movedOn.id(), recorded.get(4).id());
		assertThat(this.store.list(open.withStatus(null), 10, 0).total()).isEqualTo(5);
		assertThat(this.store.countOpenBySource()).containsEntry(source, 2L);
		assertThat(this.store.countReplayable(open)).isEqualTo(2);
		assertThat(this.store
			.list(new DeadLetterStore.Filter(DeadLetter.Status.OPEN, source, "send", null, null, null, null), 10, 0)
			.total()).isEqualTo(1);
		assertThat(this.store.countOpenByReason(10_000)).containsKey("no Wix contact has the email <customer>")
			.containsKey("Wix answered 400 to POST /inbox/v2/messages");
		assertThat(this.store.countOpen()).isEqualTo(this.store
			.list(new DeadLetterStore.Filter(DeadLetter.Status.OPEN, null, null, null, null, null, null), 1, 0)
			.total());
	}

	@Test
	void theListGoesNewestFailureFirstWhateverItIsFilteredBy() {
		String source = "ordered-" + UUID.randomUUID().toString().substring(0, 8);
		List<String> recorded = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			recorded.add(this.store
				.record(new DeadLetterStore.Failure(UUID.randomUUID().toString(), source, "c-" + i, "send",
						"Wix answered 503 " + i, 503, 1, "{}", null))
				.id());
		}
		java.util.Collections.reverse(recorded);

		for (DeadLetterStore.Filter filter : List.of(
				new DeadLetterStore.Filter(DeadLetter.Status.OPEN, source, null, null, null, null, null),
				new DeadLetterStore.Filter(DeadLetter.Status.OPEN, source, "send", "WIX ANSWERED", null, null, null),
				new DeadLetterStore.Filter(null, source, null, "answered 503", null, null, null))) {
			assertThat(this.store.list(filter, 10, 0).deadLetters()).extracting(DeadLetter::id)
				.containsExactlyElementsOf(recorded);
			assertThat(this.store.list(filter, 2, 1).deadLetters()).extracting(DeadLetter::id)
				.containsExactlyElementsOf(recorded.subList(1, 3));
		}
	}

	@Test
	void aReasonsTextIsLookedForAmongTheNewestFirstAndOnPostgresqlBeyondThem() {
		DeadLetterStore threeNewest = new DeadLetterStore(dataSource(), 3);
		String source = "searched-" + UUID.randomUUID().toString().substring(0, 8);
		String text = "needle-" + UUID.randomUUID().toString().substring(0, 8);
		DeadLetter older = threeNewest.record(failure(source, "Wix answered 400: " + text));
		for (int i = 0; i < 3; i++) {
			threeNewest.record(failure(source, "no Wix contact has the email j***@example.com"));
		}
		DeadLetter newest = threeNewest.record(failure(source, "Wix answered 500: " + text.toUpperCase()));
		DeadLetterStore.Filter searched = new DeadLetterStore.Filter(null, source, null, text, null, null, null);

		DeadLetterStore.Page page = threeNewest.list(searched, 10, 0);
		DeadLetterStore.Page first = threeNewest.list(searched, 1, 0);

		if (searchesBeyondTheNewest()) {
			assertThat(page.deadLetters()).extracting(DeadLetter::id).containsExactly(newest.id(), older.id());
			assertThat(page.total()).isEqualTo(2);
			assertThat(page.totalExact()).isTrue();
		}
		else {
			assertThat(page.deadLetters()).extracting(DeadLetter::id).containsExactly(newest.id());
			assertThat(page.totalExact()).isFalse();
		}
		assertThat(first.deadLetters()).extracting(DeadLetter::id).containsExactly(newest.id());
	}

	/** Whether the database has an index to find a reason's text anywhere. */
	protected abstract boolean searchesBeyondTheNewest();

	private static DeadLetterStore.Failure failure(String source, String reason) {
		String eventId = UUID.randomUUID().toString();
		return new DeadLetterStore.Failure(eventId, source, null, "send", reason, 400, 1,
				"{\"eventId\": \"" + eventId + "\"}", null);
	}

	private static DeadLetterStore.Failure failure(String eventId, String contactId, String reason) {
		return new DeadLetterStore.Failure(eventId, "chat-tool", contactId, "send", reason, 400, 1,
				"{\"eventId\": \"" + eventId + "\"}", null);
	}

	private static DeadLetterStore.Filter filter(String eventId, String reason) {
		return new DeadLetterStore.Filter(null, null, null, reason, eventId, null, null);
	}

}

package io.inboxsync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.deadletter.DeadLetter;
import io.inboxsync.deadletter.DeadLetterReplayer;
import io.inboxsync.deadletter.DeadLetterStore;
import io.inboxsync.deadletter.ReplayJob;
import io.inboxsync.deadletter.ReplayJobStore;
import io.inboxsync.deadletter.ReplayJobs;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators find dead letters, replay them one by one or in bulk, and discard what should
 * not be delivered. Bulk replays are shared by every instance on the database: tests play
 * another instance with a second {@link ReplayJobs} on the same database.
 */
class OperatorApiTest extends InboxSyncTestSupport {

	@Autowired
	MeterRegistry meters;

	@Autowired
	ProducerTemplate producer;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DeadLetterStore deadLetters;

	@Autowired
	DeadLetterReplayer replayer;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void theApiNeedsTheBearerToken() {
		Api.Reply anonymous = this.api.send(HttpMethod.GET, "/api/dead-letters", null, null, Map.of());
		Api.Reply wrongToken = this.api.send(HttpMethod.GET, "/api/dead-letters", null, null,
				Map.of("Authorization", "Bearer not-the-token"));

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.json().path("reason").asText()).contains("Bearer");
		assertThat(wrongToken.status()).isEqualTo(401);
		assertThat(this.api.operator(HttpMethod.GET, "/api/dead-letters").status()).isEqualTo(200);
	}

	@Test
	void deadLettersAreFoundByStageReasonAndTime() {
		String email = uniqueEmail("findme");
		String eventId = noContactEvent(email);
		awaitOpenDeadLetters("?eventId=" + eventId, 1);

		assertThat(this.api
			.deadLetters("?stage=lookup&reason=" + email.substring(0, 1) + "***@example.com&eventId=" + eventId)
			.path("total")
			.asInt()).isEqualTo(1);
		assertThat(this.api.deadLetters("?reason=the+phone&eventId=" + eventId).path("total").asInt()).isZero();
		assertThat(this.api.deadLetters("?stage=send&eventId=" + eventId).path("total").asInt()).isZero();
		assertThat(this.api.deadLetters("?from=2999-01-01T00:00:00Z&eventId=" + eventId).path("total").asInt())
			.isZero();
		assertThat(this.api.deadLetters("?to=2999-01-01T00:00:00Z&eventId=" + eventId).path("total").asInt())
			.isEqualTo(1);
		assertThat(this.api.operator(HttpMethod.GET, "/api/dead-letters?status=LOST").status()).isEqualTo(400);
	}

	@Test
	void aDiscardedDeadLetterIsClosedAndCannotBeReplayed() {
		String eventId = noContactEvent(uniqueEmail("discard"));
		String id = awaitOpenDeadLetters("?eventId=" + eventId, 1).get(0).path("id").asText();

		Api.Reply discarded = this.api.operator(HttpMethod.POST, "/api/dead-letters/" + id + "/discard");
		Api.Reply replay = this.api.operator(HttpMethod.POST, "/api/dead-letters/" + id + "/replay");

		assertThat(discarded.status()).isEqualTo(200);
		assertThat(discarded.json().path("status").asText()).isEqualTo("DISCARDED");
		assertThat(discarded.json().path("closedAt").asText()).isNotEmpty();
		assertThat(replay.status()).isEqualTo(409);
		assertThat(this.api.operator(HttpMethod.POST, "/api/dead-letters/no-such-id/replay").status()).isEqualTo(404);
	}

	@Test
	void aBulkReplayDeliversWhatCanNowBeDeliveredAndRunningItTwiceChangesNothing() throws Exception {
		String source = "test-bulk";
		webhookSource(source, Map.of("email", "$.email", "text", "$.text"));
		List<String> emails = List.of(uniqueEmail("bulk"), uniqueEmail("bulk"), uniqueEmail("bulk"));
		List<String> eventIds = emails.stream()
			.map((email) -> this.api.postJson(source, Map.of("email", email, "text", "Hi"))
				.json()
				.path("eventId")
				.asText())
			.toList();
		// Another reason in the same source: Wix refuses the message. The replay's reason
		// filter leaves it alone.
		String refusedEmail = uniqueEmail("bulk");
		this.wix.createContact(refusedEmail);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 400, "match", "bulk-refused"));
		String refusedEventId = this.api.postJson(source, Map.of("email", refusedEmail, "text", "bulk-refused"))
			.json()
			.path("eventId")
			.asText();
		eventIds.forEach((eventId) -> awaitOpenDeadLetters("?eventId=" + eventId, 1));
		awaitOpenDeadLetters("?eventId=" + refusedEventId, 1);
		double replayedBefore = this.meters.get("inbox.sync.dead.letters.replayed").counter().count();
		assertThat(this.meters.get("inbox.sync.dead.letters.open").gauge().value()).isGreaterThanOrEqualTo(3);
		List<String> contactIds = emails.stream().map(this.wix::createContact).toList();

		String marker = "no+Wix+contact";
		JsonNode job = this.api
			.operator(HttpMethod.POST, "/api/dead-letters/replay?source=" + source + "&reason=" + marker)
			.json();
		String jobId = job.path("jobId").asText();
		JsonNode done = eventually().until(
				() -> this.api.operator(HttpMethod.GET, "/api/dead-letters/replay-jobs/" + jobId).json(),
				(progress) -> "DONE".equals(progress.path("status").asText()));
		JsonNode again = this.api
			.operator(HttpMethod.POST, "/api/dead-letters/replay?source=" + source + "&reason=" + marker)
			.json();

		assertThat(done.path("total").asInt()).isEqualTo(3);
		assertThat(done.path("replayed").asInt()).isEqualTo(3);
		assertThat(again.path("total").asInt()).isZero();
		for (int i = 0; i < 3; i++) {
			awaitDelivered(source, eventIds.get(i), contactIds.get(i));
			assertThat(this.wix.messages(contactIds.get(i))).hasSize(1);
		}
		assertThat(this.meters.get("inbox.sync.dead.letters.replayed").counter().count() - replayedBefore).isEqualTo(3);
		assertThat(this.api.deadLetters("?eventId=" + refusedEventId + "&status=OPEN").path("total").asInt())
			.isEqualTo(1);
	}

	@Test
	void anEstimateTellsHowManyDeadLettersABulkReplayWouldReplay() throws Exception {
		String source = "test-estimate";
		webhookSource(source, Map.of("email", "$.email", "text", "$.text"));
		List<String> emails = List.of(uniqueEmail("estimate"), uniqueEmail("estimate"));
		emails.forEach((email) -> this.api.postJson(source, Map.of("email", email, "text", "Hi")));
		awaitOpenDeadLetters("?source=" + source, 2);

		JsonNode estimate = this.api.operator(HttpMethod.GET, "/api/dead-letters/replay-jobs/estimate?source=" + source)
			.json();
		JsonNode noneAtThisStage = this.api
			.operator(HttpMethod.GET, "/api/dead-letters/replay-jobs/estimate?stage=send&source=" + source)
			.json();
		Api.Reply badTime = this.api.operator(HttpMethod.GET,
				"/api/dead-letters/replay-jobs/estimate?from=yesterday&source=" + source);
		emails.forEach(this.wix::createContact);
		JsonNode job = this.api.operator(HttpMethod.POST, "/api/dead-letters/replay?source=" + source).json();

		assertThat(estimate.path("total").asInt()).isEqualTo(2);
		assertThat(estimate.path("filter").path("source").asText()).isEqualTo(source);
		assertThat(noneAtThisStage.path("total").asInt()).isZero();
		assertThat(badTime.status()).isEqualTo(400);
		assertThat(badTime.json().path("reason").asText()).isNotEmpty();
		assertThat(job.path("total").asInt()).isEqualTo(2);
		awaitJob(job.path("jobId").asText(), "DONE");
	}

	@Test
	void aJobStartedOnAnotherInstanceShowsItsProgressHereAndResumesHereWhereItWasWhenThatInstanceDies()
			throws Exception {
		String source = "test-jobs-resume";
		List<String> contactIds = openDeadLettersWhoseContactsNowExist(source, 3);
		ReplayJobs otherInstance = otherInstance();

		String jobId = otherInstance.start(replayFilter(source)).jobId();
		JsonNode started = this.api.operator(HttpMethod.GET, "/api/dead-letters/replay-jobs/" + jobId).json();
		assertThat(otherInstance.replayNext(jobId)).isTrue();
		JsonNode afterOneStep = this.api.operator(HttpMethod.GET, "/api/dead-letters/replay-jobs/" + jobId).json();
		JsonNode listed = this.api.operator(HttpMethod.GET, "/api/dead-letters/replay-jobs").json();
		// The other instance dies: its lease is not renewed, and runs out.
		this.jdbc.sql("update inbox_sync_replay_job set lease_until = ? where id = ?")
			.params(Timestamp.from(Instant.now().minusSeconds(60)), jobId)
			.update();
		JsonNode done = awaitJob(jobId, "DONE");

		assertThat(started.path("status").asText()).isEqualTo("RUNNING");
		assertThat(started.path("total").asInt()).isEqualTo(3);
		assertThat(started.path("replayed").asInt()).isZero();
		assertThat(afterOneStep.path("replayed").asInt()).isEqualTo(1);
		assertThat(listed.path("jobs").findValuesAsText("jobId")).contains(jobId);
		assertThat(done.path("replayed").asInt()).isEqualTo(3);
		assertThat(done.path("skipped").asInt()).isZero();
		assertThat(done.path("failed").asInt()).isZero();
		assertThat(otherInstance.find(jobId).orElseThrow().status()).isEqualTo(ReplayJob.Status.DONE);
		assertThat(otherInstance.replayNext(jobId)).isFalse();
		for (String contactId : contactIds) {
			eventually().until(() -> this.wix.messages(contactId).size() == 1);
		}
	}

	@Test
	void aCancelledJobReplaysNothingMoreWhicheverInstanceRunsIt() throws Exception {
		String source = "test-jobs-cancel";
		openDeadLettersWhoseContactsNowExist(source, 2);
		ReplayJobs otherInstance = otherInstance();
		String jobId = otherInstance.start(replayFilter(source)).jobId();
		otherInstance.replayNext(jobId);

		Api.Reply cancelled = this.api.operator(HttpMethod.POST, "/api/dead-letters/replay-jobs/" + jobId + "/cancel");

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
		assertThat(cancelled.json().path("replayed").asInt()).isEqualTo(1);
		assertThat(otherInstance.replayNext(jobId)).isFalse();
		assertThat(this.api.deadLetters("?status=OPEN&source=" + source).path("total").asInt()).isEqualTo(1);
		assertThat(this.api.deadLetters("?status=REPLAYED&source=" + source).path("total").asInt()).isEqualTo(1);
		assertThat(this.api.operator(HttpMethod.POST, "/api/dead-letters/replay-jobs/" + jobId + "/cancel").status())
			.isEqualTo(409);
		assertThat(this.api.operator(HttpMethod.POST, "/api/dead-letters/replay-jobs/no-such-job/cancel").status())
			.isEqualTo(404);
	}

	@Test
	void aForeignMessageOnTheIntakeQueueIsAMappingDeadLetterThatCannotBeReplayed() {
		String marker = uniqueEmail("foreign");
		this.producer.sendBody("jms:queue:inbox-sync.events?exchangePattern=InOnly&jmsMessageType=Text",
				"not an inbox-sync event " + marker);

		JsonNode deadLetter = eventually().until(() -> mappingDeadLetter(marker), (found) -> found != null);
		Api.Reply replay = this.api.operator(HttpMethod.POST,
				"/api/dead-letters/" + deadLetter.path("id").asText() + "/replay");

		assertThat(deadLetter.path("event").asText()).isEqualTo("not an inbox-sync event " + marker);
		assertThat(replay.status()).isEqualTo(422);
		assertThat(replay.json().path("reason").asText()).contains("could not map");
	}

	private JsonNode mappingDeadLetter(String marker) {
		for (JsonNode deadLetter : this.api.deadLetters("?stage=mapping&status=OPEN&limit=500").path("deadLetters")) {
			if (deadLetter.path("event").asText().contains(marker)) {
				return deadLetter;
			}
		}
		return null;
	}

	/**
	 * Dead letters of a source of its own, one per email that had no contact, whose
	 * contacts exist now: the contacts' ids.
	 */
	private List<String> openDeadLettersWhoseContactsNowExist(String source, int count) throws Exception {
		webhookSource(source, Map.of("email", "$.email", "text", "$.text"));
		List<String> emails = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			emails.add(uniqueEmail(source));
			this.api.postJson(source, Map.of("email", emails.get(i), "text", "Hi"));
		}
		awaitOpenDeadLetters("?source=" + source, count);
		return emails.stream().map(this.wix::createContact).toList();
	}

	/**
	 * Another inbox-sync sharing this one's database (and broker), whose jobs run only
	 * when the test steps them, one dead letter a step.
	 */
	private ReplayJobs otherInstance() {
		return new ReplayJobs(new ReplayJobStore(this.jdbcTemplate), this.deadLetters, this.replayer, this.transactions,
				(task) -> {
				}, 1);
	}

	private static DeadLetterStore.Filter replayFilter(String source) {
		return new DeadLetterStore.Filter(DeadLetter.Status.OPEN, source, null, null, null, null, null);
	}

	private JsonNode awaitJob(String jobId, String status) {
		return eventually().until(
				() -> this.api.operator(HttpMethod.GET, "/api/dead-letters/replay-jobs/" + jobId).json(),
				(progress) -> status.equals(progress.path("status").asText()));
	}

	private String noContactEvent(String email) {
		return this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", email), "message", Map.of("text", "Anyone there?")))
			.json()
			.path("eventId")
			.asText();
	}

	private List<JsonNode> awaitOpenDeadLetters(String query, int count) {
		JsonNode page = eventually().until(() -> this.api.deadLetters(query + "&status=OPEN"),
				(found) -> found.path("total").asInt() == count);
		List<JsonNode> deadLetters = new java.util.ArrayList<>();
		page.path("deadLetters").forEach(deadLetters::add);
		return deadLetters;
	}

}

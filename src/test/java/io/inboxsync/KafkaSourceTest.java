package io.inboxsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.source.RunningSources;
import io.inboxsync.source.SourceCompiler;
import io.inboxsync.source.SourceFolder;
import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka sources (routes/templates/kafka-source.yaml) against a real Kafka broker: each
 * record of a topic becomes the message in the customer's conversation; a record that
 * cannot be mapped becomes a dead letter and the records after it still flow; and a
 * record's offset is committed only once its event is kept, so one whose event could not
 * be queued is read again.
 */
@WithOutsideProducers
class KafkaSourceTest extends InboxSyncTestSupport {

	private static final String ACTIVITIES_TOPIC = "crm.activities";

	private static final String ACTIVITIES_GROUP = "inbox-sync-activities";

	private static final String REFUSALS_TOPIC = "crm.refusals";

	private static final String REFUSALS_GROUP = "inbox-sync-refusals";

	/**
	 * Whether the refusals source's intake refuses its events now, and how often it did.
	 */
	private static final AtomicBoolean REFUSING = new AtomicBoolean();

	private static final AtomicInteger REFUSED = new AtomicInteger();

	private static SourceFolder kafkaSources;

	@Autowired
	SourceCompiler sourceCompiler;

	@Autowired
	RunningSources runningSources;

	@BeforeEach
	void kafkaSources() throws Exception {
		if (kafkaSources != null) {
			return;
		}
		Path folder = Files.createTempDirectory("inbox-sync-test-kafka-sources");
		Files.writeString(folder.resolve("kafka-activities.yaml"),
				source("kafka-activities", ACTIVITIES_TOPIC, ACTIVITIES_GROUP));
		Files.writeString(folder.resolve("kafka-refusals.yaml"),
				source("kafka-refusals", REFUSALS_TOPIC, REFUSALS_GROUP));
		kafkaSources = new SourceFolder(this.camelContext, folder, Duration.ofHours(1), this.sourceCompiler,
				this.runningSources);
		kafkaSources.scan();
		assertThat(kafkaSources.status()).allSatisfy((status) -> assertThat(status.error()).isNull());
		// Plays an intake queue that refuses events, in front of the one step that queues
		// them.
		AdviceWith.adviceWith(this.camelContext, SourceCompiler.ROUTE_ID_PREFIX + "kafka-refusals",
				(route) -> route.weaveByToUri("direct:inbox-sync-source-event").before().process((exchange) -> {
					if (REFUSING.get()) {
						REFUSED.incrementAndGet();
						throw new IllegalStateException("the intake queue refused the event");
					}
				}));
	}

	@Test
	void aRecordBecomesTheMessageInTheConversation() throws Exception {
		String email = uniqueEmail("kafka");
		String contactId = this.wix.createContact(email);

		send(ACTIVITIES_TOPIC, activity("act-" + UUID.randomUUID(), email, "Invoice #1042 paid"));

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Invoice #1042 paid");
	}

	@Test
	void aRecordThatCannotBeMappedIsADeadLetterAndTheNextRecordStillFlows() throws Exception {
		String badId = "act-bad-" + UUID.randomUUID();
		String email = uniqueEmail("kafka-next");
		String contactId = this.wix.createContact(email);

		long bad = send(ACTIVITIES_TOPIC,
				"{\"activityId\": \"" + badId + "\", \"contact\": {\"email\": \"" + email + "\"}}");
		long next = send(ACTIVITIES_TOPIC, activity("act-" + UUID.randomUUID(), email, "Quote accepted"));

		JsonNode deadLetter = eventually().until(() -> deadLetterContaining(badId), (found) -> found != null);
		assertThat(deadLetter.path("stage").asText()).isEqualTo("mapping");
		assertThat(deadLetter.path("reason").asText()).isEqualTo("source kafka-activities, topic " + ACTIVITIES_TOPIC
				+ " partition 0 offset " + bad + ": the payload has no text (nothing at $.summary)");
		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Quote accepted");
		eventually().until(() -> committed(ACTIVITIES_GROUP, ACTIVITIES_TOPIC), (offset) -> offset == next + 1);
	}

	@Test
	void aRecordTheSourceDoesNotTakeIsCommittedWithoutAMessageOrADeadLetter() throws Exception {
		String ignoredId = "act-internal-" + UUID.randomUUID();
		String email = uniqueEmail("kafka-ignored");
		String contactId = this.wix.createContact(email);

		long ignored = send(ACTIVITIES_TOPIC, "{\"activityId\": \"" + ignoredId + "\", \"visibility\": \"internal\", "
				+ "\"contact\": {\"email\": \"" + email + "\"}, \"summary\": \"Internal note\"}");
		long next = send(ACTIVITIES_TOPIC, activity("act-" + UUID.randomUUID(), email, "Contract signed"));

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Contract signed");
		eventually().until(() -> committed(ACTIVITIES_GROUP, ACTIVITIES_TOPIC), (offset) -> offset >= next + 1);
		assertThat(ignored).isLessThan(next);
		assertThat(deadLetterContaining(ignoredId)).isNull();
	}

	@Test
	void aRecordWhoseEventCouldNotBeQueuedIsNotCommittedAndIsReadAgain() throws Exception {
		String email = uniqueEmail("kafka-refused");
		String contactId = this.wix.createContact(email);
		long before = send(REFUSALS_TOPIC, activity("act-" + UUID.randomUUID(), email, "Before the outage"));
		eventually().until(() -> committed(REFUSALS_GROUP, REFUSALS_TOPIC), (offset) -> offset == before + 1);

		REFUSING.set(true);
		int refusedBefore = REFUSED.get();
		long refused = send(REFUSALS_TOPIC, activity("act-" + UUID.randomUUID(), email, "During the outage"));
		try {
			eventually().until(() -> REFUSED.get() >= refusedBefore + 2);
			Awaitility.await()
				.during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(10))
				.until(() -> committed(REFUSALS_GROUP, REFUSALS_TOPIC), (offset) -> offset == refused);
			assertThat(this.wix.messages(contactId)).hasSize(1);
		}
		finally {
			REFUSING.set(false);
		}

		JsonNode latest = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 2)
			.get(0);
		assertThat(latest.path("content").path("minimal").path("text").asText()).isEqualTo("During the outage");
		eventually().until(() -> committed(REFUSALS_GROUP, REFUSALS_TOPIC), (offset) -> offset == refused + 1);
	}

	/**
	 * A payload that could not be mapped has no event id: its dead letter is found by
	 * what it holds.
	 */
	private JsonNode deadLetterContaining(String marker) {
		for (JsonNode deadLetter : this.api.deadLetters("?limit=500").path("deadLetters")) {
			if (deadLetter.path("event").toString().contains(marker)) {
				return deadLetter;
			}
		}
		return null;
	}

	private static String source(String name, String topic, String group) {
		return """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-kafka-source
				    parameters:
				      - {name: name, value: %s}
				      - {name: topic, value: %s}
				      - {name: group, value: %s}
				      - {name: startAt, value: earliest}
				      - {name: acceptWhen, value: "$.visibility != 'internal'"}
				      - {name: eventId, value: $.activityId}
				      - {name: email, value: $.contact.email}
				      - {name: kind, value: MINIMAL}
				      - {name: text, value: $.summary}
				""".formatted(name, topic, group);
	}

	private static String activity(String id, String email, String summary) {
		return "{\"activityId\": \"" + id + "\", \"contact\": {\"email\": \"" + email + "\"}, \"summary\": \"" + summary
				+ "\"}";
	}

	/**
	 * Sends a record as a producer elsewhere would; returns its offset (the topics have
	 * one partition).
	 */
	private static long send(String topic, String value) throws Exception {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				OutsideProducersContext.kafka().getBrokersAsString());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			return producer.send(new ProducerRecord<>(topic, value)).get().offset();
		}
	}

	/**
	 * The group's committed offset on the topic: the next record it will read after a
	 * restart; -1 when none.
	 */
	private static long committed(String group, String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				OutsideProducersContext.kafka().getBrokersAsString()))) {
			OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get()
				.get(new TopicPartition(topic, 0));
			return (offset != null) ? offset.offset() : -1;
		}
	}

}

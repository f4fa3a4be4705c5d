package io.inboxsync;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.inboxsync.tracing.EventSpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace follows an event from its webhook through both queues to Send Message, and a
 * dead letter and the log lines name it.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingTest extends InboxSyncTestSupport {

	private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey(EventSpans.EVENT_ID);

	private static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

	@Autowired
	RecordedSpans recorded;

	@BeforeEach
	void record() {
		this.recorded.start();
	}

	@AfterEach
	void stopRecording() {
		this.recorded.stop();
	}

	@Test
	void oneTraceGoesFromTheWebhookThroughBothQueuesToSendMessage() {
		String email = uniqueEmail("traced");
		String contactId = this.wix.createContact(email);
		String eventId = "trace-" + UUID.randomUUID();

		this.api.postJson("chat-tool", Map.of("id", eventId, "contact", Map.of("email", email), "message",
				Map.of("text", "Where is my parcel?")));

		awaitDelivered(eventId, contactId);
		String traceId = spanOf("inbox-sync-send", eventId).getTraceId();
		List<SpanData> trace = eventually().until(() -> trace(traceId),
				(spans) -> has(spans, SpanKind.SERVER, "/webhooks/chat-tool")
						&& has(spans, SpanKind.CLIENT, "/inbox/v2/messages"));
		assertThat(trace).filteredOn((span) -> span.getName().equals("queue:inbox-sync.events"))
			.extracting(SpanData::getKind)
			.contains(SpanKind.PRODUCER, SpanKind.CONSUMER);
		assertThat(trace).filteredOn((span) -> span.getName().equals("queue:inbox-sync.deliveries"))
			.extracting(SpanData::getKind)
			.contains(SpanKind.PRODUCER, SpanKind.CONSUMER);
		for (String stage : List.of("inbox-sync-lookup", "inbox-sync-conversation", "inbox-sync-send")) {
			assertThat(spanOf(stage, eventId).getTraceId()).as(stage).isEqualTo(traceId);
		}
		assertThat(trace).extracting((span) -> span.getAttributes().asMap().toString())
			.noneMatch((attributes) -> attributes.contains(email));
	}

	@Test
	void aDeadLetterAndItsLogLineNameTheTrace(CapturedOutput output) {
		String email = uniqueEmail("untraceable");
		String eventId = "trace-" + UUID.randomUUID();

		this.api.postJson("chat-tool",
				Map.of("id", eventId, "contact", Map.of("email", email), "message", Map.of("text", "Anyone?")));

		JsonNode deadLetter = awaitDeadLetter(eventId);
		String traceId = deadLetter.path("traceId").asText();
		assertThat(traceId).matches("[0-9a-f]{32}");
		assertThat(spanOf("inbox-sync-lookup", eventId).getTraceId()).isEqualTo(traceId);
		assertThat(output.getOut()
			.lines()
			.filter((line) -> line.contains("Dead letter " + deadLetter.path("id").asText()))).singleElement()
			.asString()
			.contains(traceId);
	}

	private SpanData spanOf(String name, String eventId) {
		return eventually()
			.until(() -> this.recorded.spans()
				.stream()
				.filter((span) -> span.getName().equals(name) && eventId.equals(span.getAttributes().get(EVENT_ID)))
				.findFirst(), (span) -> span.isPresent())
			.orElseThrow();
	}

	private List<SpanData> trace(String traceId) {
		return this.recorded.spans().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	private static boolean has(List<SpanData> spans, SpanKind kind, String path) {
		return spans.stream()
			.anyMatch((span) -> span.getKind() == kind && span.getAttributes().get(HTTP_URL) != null
					&& span.getAttributes().get(HTTP_URL).endsWith(path));
	}

}

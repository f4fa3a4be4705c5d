package io.inboxsync;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import io.inboxsync.delivery.CustomerGroups;
import io.inboxsync.delivery.PipelineQueues;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.Masking;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The logs name no customer, and what a payload holds cannot forge a log line. */
@ExtendWith(OutputCaptureExtension.class)
class LogPrivacyTest extends InboxSyncTestSupport {

	private static final Logger log = LoggerFactory.getLogger(LogPrivacyTest.class);

	@Autowired
	CustomerGroups customerGroups;

	@Test
	void aLineBreakInAMessageStartsNoLineAndTheLayoutIsSpringBoots(CapturedOutput output) {
		String forged = forgedLine();

		log.info("event x1\r\n{}\u2028{}", forged, forged);

		assertThat(output.getOut().lines().filter((line) -> line.contains(forged)).toList()).singleElement()
			.satisfies(
					(line) -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d)  INFO \\d+ "
							+ "--- \\[inbox-sync\\] \\[.+\\] io\\.inboxsync\\.LogPrivacyTest +: event x1\\\\n.*"))
			.satisfies((line) -> assertThat(line).endsWith(forged + "?" + forged));
	}

	@Test
	void aLineBreakInAnExceptionStartsNoLogLineAndTheStackTraceIsWrittenOnce(CapturedOutput output) {
		String forged = forgedLine();

		log.warn("Could not map a payload", new IllegalStateException("bad id x1\r\n" + forged));

		List<String> lines = output.getOut().lines().toList();
		assertThat(lines).noneMatch((line) -> line.startsWith(forged))
			.filteredOn((line) -> line.contains(forged))
			.singleElement()
			.asString()
			.startsWith("java.lang.IllegalStateException: bad id x1\\n");
		assertThat(lines).anyMatch((line) -> line.startsWith("\tat io.inboxsync.LogPrivacyTest."));
	}

	@Test
	void anEventIdWithALineBreakForgesNoLogLine(CapturedOutput output) {
		String forged = forgedLine();

		Api.Reply reply = this.api.postJson("chat-tool", Map.of("id", "x1\r\n" + forged, "contact",
				Map.of("email", uniqueEmail("forger")), "message", Map.of("text", "Hello?")));

		if (reply.status() == 202) {
			// Its dead letter's log line names the event.
			eventually().until(() -> output.getOut().contains(forged));
		}
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith(forged));
	}

	@Test
	void theIntakeQueueGroupsACustomerByAKeyedHashNotByTheirEmail() {
		String email = uniqueEmail("grouped");
		List<String> groups = new CopyOnWriteArrayList<>();
		EventNotifierSupport queued = new EventNotifierSupport() {

			@Override
			public boolean isEnabled(CamelEvent event) {
				return event instanceof CamelEvent.ExchangeCreatedEvent;
			}

			@Override
			public void notify(CamelEvent event) {
				Exchange exchange = ((CamelEvent.ExchangeCreatedEvent) event).getExchange();
				if ("inbox-sync-intake".equals(exchange.getFromRouteId())
						&& exchange.getMessage().getBody(String.class).contains(email)) {
					groups.add(exchange.getMessage().getHeader(PipelineQueues.GROUP, String.class));
				}
			}

		};
		this.camelContext.getManagementStrategy().addEventNotifier(queued);
		try {
			this.api.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", "Hi")));

			eventually().until(() -> !groups.isEmpty());
		}
		finally {
			this.camelContext.getManagementStrategy().removeEventNotifier(queued);
		}
		assertThat(groups.get(0)).isEqualTo(this.customerGroups.groupOf(new InboxEvent.Customer(email, null, null)))
			.doesNotContain(email.substring(0, email.indexOf('@')))
			.doesNotContain("example.com");
	}

	@Test
	void thePipelineLogsEmailsAndPhonesMaskedOnly(CapturedOutput output) throws Exception {
		webhookSource("test-phone-only", Map.of("phone", "$.phone", "text", "$.text"));
		String stranger = uniqueEmail("unknown");
		String known = uniqueEmail("retried");
		String contactId = this.wix.createContact(known);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 503, "count", 1, "match", known));
		String phone = "+1" + ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_999_999_999L);

		String unknownEvent = postChat(stranger);
		String retriedEvent = postChat(known);
		String phoneEvent = this.api.postJson("test-phone-only", Map.of("phone", phone, "text", "Hi"))
			.json()
			.path("eventId")
			.asText();

		awaitDeadLetter(unknownEvent);
		awaitDeadLetter(phoneEvent);
		awaitDelivered(retriedEvent, contactId);
		assertThat(output.getOut()).contains(Masking.email(stranger), Masking.phone(phone))
			.doesNotContain(stranger, known, phone.substring(2));
	}

	private String postChat(String email) {
		return this.api
			.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", "Hi " + email)))
			.json()
			.path("eventId")
			.asText();
	}

	private static String forgedLine() {
		return "2026-11-30T09:00:00.000Z ERROR 1 --- [inbox-sync] [main] io.inboxsync.Forged : forged "
				+ UUID.randomUUID();
	}

}

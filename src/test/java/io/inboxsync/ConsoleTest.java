package io.inboxsync;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console in a real browser (headless Chromium): an operator signs in, finds
 * a dead letter, reads it, replays it and sees the message reach the customer's
 * conversation; replays a filter in bulk and follows the job; tries a payload on a
 * source. The screenshots it takes are the README's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest extends InboxSyncTestSupport {

	private static ConsoleBrowser browser;

	@BeforeEach
	void browser() {
		if (browser == null) {
			browser = new ConsoleBrowser("http://localhost:" + this.port);
			browser.signIn(operatorToken());
		}
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

	@Test
	void anOperatorFindsADeadLetterReadsItAndReplaysItIntoTheConversation() throws Exception {
		String email = uniqueEmail("console");
		String contactId = this.wix.createContact(email);
		String text = "Console replay " + email;
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 400, "match", text));
		String eventId = this.api
			.postJson("chat-tool", Map.of("contact", Map.of("email", email), "message", Map.of("text", text)))
			.json()
			.path("eventId")
			.asText();
		awaitDeadLetter(eventId);
		this.wix.clearFaults();

		browser.open("/console/dead-letters");
		browser.select(By.id("f-stage"), "send");
		browser.type(By.id("f-source"), "chat-tool");
		browser.type(By.id("f-event"), eventId);
		browser.clickToLoad(By.id("apply-filter"));
		browser.waitFor((driver) -> browser.text(By.id("list-total")).equals("1 dead letter"));
		assertThat(rowsOf(eventId)).hasSize(1);
		browser.screenshot("dead-letters");

		browser.clickToLoad(By.linkText(eventId));
		assertThat(browser.text(By.id("dead-letter-status"))).isEqualTo("OPEN");
		assertThat(browser.text(By.id("dead-letter-reason"))).startsWith("Wix answered 400 to POST /inbox/v2/messages");
		assertThat(browser.text(By.id("dead-letter-facts"))).contains("Wix's status\n400");
		assertThat(browser.text(By.id("dead-letter-json"))).contains("\"eventId\" : \"" + eventId + "\"")
			.contains(text);
		browser.screenshot("dead-letter");

		browser.clickToLoad(By.id("replay"));
		assertThat(browser.text(By.id("notice"))).contains("Replayed");
		browser.waitFor((driver) -> browser.text(By.id("list-total")).equals("0 dead letters"));
		assertThat(rowsOf(eventId)).isEmpty();
		awaitDelivered(eventId, contactId);
		assertThat(this.wix.textsInOrder(contactId)).containsExactly(text);
	}

	@Test
	void anOperatorReplaysAFilterInBulkSeeingTheEstimateFirstAndFollowsTheJobToItsEnd() throws Exception {
		String source = "test-console-bulk";
		webhookSource(source, Map.of("email", "$.email", "text", "$.text"));
		List<String> emails = List.of(uniqueEmail("console-bulk"), uniqueEmail("console-bulk"),
				uniqueEmail("console-bulk"));
		List<String> eventIds = emails.stream()
			.map((email) -> this.api.postJson(source, Map.of("email", email, "text", "Bulk " + email))
				.json()
				.path("eventId")
				.asText())
			.toList();
		eventIds.forEach(this::awaitDeadLetter);
		List<String> contactIds = emails.stream().map(this.wix::createContact).toList();

		browser.open("/console/dead-letters?source=" + source);
		assertThat(browser.text(By.id("list-total"))).isEqualTo("3 dead letters");
		browser.clickToLoad(By.id("bulk-replay"));
		assertThat(browser.text(By.id("estimate-total"))).isEqualTo("3");
		browser.screenshot("bulk-replay-estimate");
		browser.clickToLoad(By.id("start-bulk-replay"));
		browser.waitFor((driver) -> "DONE".equals(browser.text(By.id("job-status"))));
		assertThat(browser.text(By.id("job-total"))).isEqualTo("3");
		assertThat(browser.text(By.id("job-replayed"))).isEqualTo("3");
		assertThat(browser.text(By.id("job-failed"))).isEqualTo("0");
		browser.screenshot("bulk-replay-done");

		for (int i = 0; i < 3; i++) {
			awaitDelivered(source, eventIds.get(i), contactIds.get(i));
			assertThat(this.wix.textsInOrder(contactIds.get(i))).containsExactly("Bulk " + emails.get(i));
		}
	}

	@Test
	void anOperatorSeesEachSourceFileAndTriesAPayloadOnARunningSourceAndOnAPastedFile() throws Exception {
		this.api.postJson("chat-tool", Map.of("message", Map.of("text", "no customer in this one")));

		browser.open("/console/sources");
		browser.waitFor((driver) -> browser.findAll(By.cssSelector("tr[data-source='chat-tool']")).size() == 1);
		assertThat(browser.text(By.cssSelector("tr[data-source='chat-tool']"))).contains("chat-tool.yaml")
			.contains("yes")
			.contains("POST /webhooks/chat-tool");
		assertThat(Integer.parseInt(browser.text(By.cssSelector("tr[data-source='chat-tool'] td:nth-of-type(6)"))))
			.isPositive();

		browser.select(By.id("dr-source"), "chat-tool");
		browser.type(By.id("dr-payload"),
				"""
						{"id": "dry-1", "contact": {"email": "jane@example.com"}, "message": {"text": "Is my order ready?"}}""");
		browser.clickToLoad(By.id("dry-run"));
		assertThat(browser.text(By.id("dry-run-event"))).contains("\"eventId\" : \"dry-1\"")
			.contains("\"source\" : \"chat-tool\"")
			.contains("Is my order ready?");
		browser.screenshot("sources");

		browser.select(By.id("dr-source"), "");
		browser.type(By.id("dr-file"), """
				- templatedRoute:
				    routeTemplateRef: inbox-sync-webhook-source
				    routeId: inbox-sync-source-console-sms
				    parameters:
				      - {name: name, value: console-sms}
				      - {name: eventId, value: $.MessageSid}
				      - {name: phone, value: $.From}
				      - {name: text, value: $.Body}
				""");
		browser.select(By.id("dr-type"), "application/x-www-form-urlencoded");
		browser.type(By.id("dr-payload"), "MessageSid=SM7&From=%2B14155550123&Body=Running+late");
		browser.clickToLoad(By.id("dry-run"));
		assertThat(browser.text(By.id("dry-run-event"))).contains("\"eventId\" : \"SM7\"")
			.contains("+14155550123")
			.contains("Running late");

		browser.type(By.id("dr-file"), "- route: {from: {uri: 'timer:x'}}");
		browser.clickToLoad(By.id("dry-run"));
		assertThat(browser.text(By.id("dry-run-refused"))).startsWith("Refused (422): the pasted file line 1");
	}

	/** Last, so that its screenshot shows what the others did. */
	@Test
	@Order(Integer.MAX_VALUE)
	void nowShowsTheQueuesTheCircuitAndTheOpenDeadLettersOfTheLastDay() throws Exception {
		String waiting = this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", uniqueEmail("console-now")), "message", Map.of("text", "Hello?")))
			.json()
			.path("eventId")
			.asText();
		awaitDeadLetter(waiting);

		browser.open("/console/now");
		assertThat(Integer.parseInt(browser.text(By.id("open-now")))).isPositive();
		assertThat(browser.text(By.id("circuit"))).isEqualTo("flowing");
		assertThat(browser.text(By.id("queues"))).contains("inbox-sync.events").contains("inbox-sync.deliveries");
		assertThat(browser.findAll(By.cssSelector(".chart rect.bar"))).hasSize(24);
		browser.screenshot("now");
		browser.open("/console/dead-letters");
		browser.phoneScreenshot("dead-letters-phone");
	}

	private List<?> rowsOf(String eventId) {
		return browser.findAll(By.cssSelector("#dead-letter-list tr[data-event-id='" + eventId + "']"));
	}

}

package io.inboxsync.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InboxEvent.Direction;
import io.inboxsync.event.InboxEvent.MessageKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event a mapping makes of a payload, and the reasons it refuses one; no Spring, no
 * Camel.
 */
class EventMapperTest {

	private final ObjectMapper json = new ObjectMapper();

	private final EventMapper mapper = new EventMapper(this.json);

	@Test
	void pathsTemplatesAndConstantsFillTheEvent() throws Exception {
		InboxEvent event = map(
				Map.of("eventId", "$.id", "occurredAt", "$.at", "email", "$.contact.email", "kind", "MINIMAL", "text",
						"Booked {{ $.service.name }} for {{ $.service.minutes }} min", "direction", "$.direction",
						"badgeText", "Bookings"),
				"""
						{"id": "bk-1", "at": 1764063000, "contact": {"email": "Jane@Example.com"}, "direction": "outbound",
						 "service": {"name": "Spa", "minutes": 45}}""");

		assertThat(event.eventId()).isEqualTo("bk-1");
		assertThat(event.source()).isEqualTo("test");
		assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-11-25T09:30:00Z"));
		assertThat(event.customer().email()).isEqualTo("Jane@Example.com");
		assertThat(event.message().kind()).isEqualTo(MessageKind.MINIMAL);
		assertThat(event.message().text()).isEqualTo("Booked Spa for 45 min");
		assertThat(event.message().direction()).isEqualTo(Direction.BUSINESS_TO_PARTICIPANT);
		assertThat(event.message().badge().text()).isEqualTo("Bookings");
	}

	@Test
	void theEmailIsKeptAsReceivedAndIsOneCustomerWhateverItsCase() throws Exception {
		Map<String, String> mapping = Map.of("email", "$.email", "text", "$.text");

		InboxEvent mixedCase = map(mapping, "{\"email\": \"Jane.Doe@Example.com\", \"text\": \"hi\"}");
		InboxEvent lowerCase = map(mapping, "{\"email\": \"jane.doe@example.com\", \"text\": \"hi\"}");

		assertThat(mixedCase.customer().email()).isEqualTo("Jane.Doe@Example.com");
		assertThat(mixedCase.customer().key()).isEqualTo(lowerCase.customer().key());
	}

	@Test
	void theSamePayloadWithoutAnIdAlwaysGetsTheSameId() throws Exception {
		Map<String, String> mapping = Map.of("email", "$.email", "text", "$.text");

		String first = map(mapping, "{\"email\": \"a@b.c\", \"text\": \"hi\"}").eventId();
		String reordered = map(mapping, "{\"text\": \"hi\", \"email\": \"a@b.c\"}").eventId();
		String other = map(mapping, "{\"email\": \"a@b.c\", \"text\": \"ho\"}").eventId();

		assertThat(first).isEqualTo(reordered).isNotEqualTo(other);
	}

	@Test
	void aPathThatFindsSeveralValuesGivesTheFirst() throws Exception {
		InboxEvent event = map(Map.of("email", "$.emails[*].address", "text", "$.texts"),
				"{\"emails\": [{\"address\": \"first@example.com\"}, {\"address\": \"second@example.com\"}], "
						+ "\"texts\": [\"one\", \"two\"]}");

		assertThat(event.customer().email()).isEqualTo("first@example.com");
		assertThat(event.message().text()).isEqualTo("one");
	}

	@Test
	void whatAPayloadLacksOrCannotHoldIsRefusedWithTheField() {
		Map<String, String> mapping = Map.of("email", "$.email", "text", "$.text", "kind", "$.kind");

		assertRefused(mapping, "{\"email\": \"a@b.c\"}", "the payload has no text (nothing at $.text)");
		assertRefused(mapping, "{\"text\": \"hi\"}",
				"the payload has no customer email or phone (email: nothing at $.email, phone: not mapped)");
		assertRefused(mapping, "{\"email\": \"a@b.c\", \"text\": {\"nested\": 1}}",
				"the text at $.text is an object, not a value");
		assertRefused(mapping, "{\"email\": \"a@b.c\", \"text\": [[1]]}", "the text at $.text is a list, not a value");
		assertRefused(mapping, "{\"email\": \"ja\\u0000ne@b.c\", \"text\": \"hi\"}",
				"the email holds the control character U+0000 at character 3");
		assertRefused(mapping, "{\"email\": \"jane @b.c\", \"text\": \"hi\"}",
				"the customer email 'j***@b.c' is not an email");
		assertRefused(mapping, "{\"email\": \"a@b.c\", \"text\": \"a\\u0000b\"}",
				"the text holds the control character U+0000 at character 2");
		assertRefused(mapping, "{\"email\": \"a@b.c\", \"text\": \"half \\ud800 pair\"}",
				"the text holds half of a UTF-16 surrogate pair at character 6, which is not text");
		assertRefused(mapping, "{\"email\": \"a@b.c\", \"text\": \"hi\", \"kind\": \"LOUD\"}",
				"kind 'LOUD' is not one of [BASIC, MINIMAL]");
		assertRefused(Map.of("email", "$.email", "text", "$.text", "eventId", "$.id"),
				"{\"email\": \"a@b.c\", \"text\": \"hi\", \"id\": \"x1\\r\\n2026-11-30 ERROR forged\"}",
				"the eventId holds a line break or tab");
	}

	@Test
	void textKeepsItsLineBreaksAndWholeSurrogatePairs() throws Exception {
		InboxEvent event = map(Map.of("email", "$.email", "text", "$.text"),
				"{\"email\": \"a@b.c\", \"text\": \"line one\\nline two \\ud83d\\ude00\"}");

		assertThat(event.message().text()).isEqualTo("line one\nline two \uD83D\uDE00");
	}

	@Test
	void aTemplateWithAMissingFieldIsAbsentAsAWhole() {
		assertRefused(Map.of("email", "$.email", "text", "Booked {{ $.service.name }}"), "{\"email\": \"a@b.c\"}",
				"the payload has no text (nothing at Booked {{ $.service.name }})");
	}

	@Test
	void aMappingIsCheckedWhenItIsCompiled() {
		assertThatThrownBy(() -> EventMapping.compile(Map.of("email", "$.email")))
			.hasMessage("text: is required: every event needs its message or activity text");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.text", "kind", "MINIMUM")))
			.hasMessage("kind: kind 'MINIMUM' is not one of [BASIC, MINIMAL]");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.text", "visibility", "EVERYONE")))
			.hasMessageStartingWith("visibility: visibility 'EVERYONE' is not one of");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.text", "onNoContact", "ignore")))
			.hasMessageStartingWith("onNoContact: unknown no-contact policy 'ignore'");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.text", "iconUrl", "javascript:alert(1)")))
			.hasMessage("iconUrl: 'javascript:alert(1)' is not a web URL (http:// or https://)");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.[")))
			.hasMessageStartingWith("text: '$.[' is not a valid JSONPath");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "Hi {{ $.name")))
			.hasMessage("text: 'Hi {{ $.name' opens {{ without closing it with }}");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "${body}")))
			.hasMessageStartingWith("text: '${body}' uses a Camel expression");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$simple{sysenv.HOME}")))
			.hasMessageStartingWith("text: '$simple{sysenv.HOME}' uses a Camel expression");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "{{env:HOME}}")))
			.hasMessageContaining("a template inserts payload fields only");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.text", "colour", "red")))
			.hasMessageStartingWith("colour: is not a field of an event");
	}

	@Test
	void theOneRuleTellsAPathATemplateAndAConstantApart() {
		assertThat(MappingExpression.parse("$.a.b")).isInstanceOf(MappingExpression.Path.class);
		assertThat(MappingExpression.parse("Hi {{ $.a }}")).isInstanceOf(MappingExpression.Template.class);
		assertThat(MappingExpression.parse("SMS")).isInstanceOf(MappingExpression.Constant.class);
		assertThat(MappingExpression.parse("Hi {{ $.a }}").evaluate(Map.of("a", "there"))).isEqualTo("Hi there");
		assertThat(MappingExpression.parse("$.a").evaluate(List.of())).isNull();
		assertThat(MappingExpression.parse("$.a").evaluate("not a document")).isNull();
	}

	@Test
	void formattingFunctionsShowMoneyAndTimesAsPeopleReadThem() throws Exception {
		Map<String, String> mapping = Map.of("email", "$.email", "timeZone", "Europe/London", "text",
				"Paid {{ $.amount | money: $.currency }} ({{ $.amount | money: $.currency, 'symbol' }}) "
						+ "on {{ $.at | time: 'EEE d MMM, HH:mm' }} by {{ $.name | upper | truncate: 4 }} "
						+ "{{ $.note | default: 'no note' }}");

		assertThat(text(mapping,
				"{\"email\": \"a@b.c\", \"amount\": 12000, \"currency\": \"usd\", "
						+ "\"at\": \"2026-11-28T14:00:00Z\", \"name\": \"jonathan\"}"))
			.isEqualTo("Paid 120.00 USD ($120.00) on Sat 28 Nov, 14:00 by JON… no note");
		assertThat(text(mapping,
				"{\"email\": \"a@b.c\", \"amount\": 500, \"currency\": \"JPY\", "
						+ "\"at\": 1780066800, \"name\": \"ann\", \"note\": \"hi\"}"))
			.isEqualTo("Paid 500 JPY (¥500) on Fri 29 May, 16:00 by ANN hi");
		assertThat(Formatting.money("1000", "KWD", "symbol")).isEqualTo("1.000 KWD");
		assertThat(Formatting.amount("403.0", "usd", "symbol")).isEqualTo("$403.00");
		assertThat(Formatting.plaintext("<p>It&#39;s <b>22</b> Baker&nbsp;Street &amp; co.</p><p>Thanks<br/>Jo</p>"))
			.isEqualTo("It's 22 Baker Street & co.\nThanks\nJo");
		assertThat(Formatting.money("-250", "EUR", "symbol")).isEqualTo("-€2.50");
		assertThat(Formatting.time("2026-07-01T09:30:00+02:00", "HH:mm", java.time.ZoneId.of("UTC")))
			.isEqualTo("07:30");
		assertRefused(mapping,
				"{\"email\": \"a@b.c\", \"amount\": 1, \"currency\": \"XYZ1\", \"at\": 1, \"name\": \"x\"}",
				"'XYZ1' is not an ISO 4217 currency code");
	}

	@Test
	void formattingIsCheckedWhenTheMappingCompiles() {
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "{{ $.a | shout }}")))
			.hasMessageStartingWith("text: 'shout' is not a formatting function");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "{{ $.a | truncate: 'x' }}")))
			.hasMessage("text: 'truncate' takes a length, a whole number above 0");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "{{ $.a | time: 'qqqqq ppp' }}")))
			.hasMessageStartingWith("text: 'qqqqq ppp' is not a time pattern");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "{{ $.a | money: 'ABC' }}")))
			.hasMessage("text: 'ABC' is not an ISO 4217 currency code");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "{{ $.a | upper: 1 }}")))
			.hasMessage("text: 'upper' takes 0 arguments, not 1");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "{{ $.a | money: java.lang.Runtime }}")))
			.hasMessageContaining("is neither a quoted text, a number nor a JSONPath");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.a", "timeZone", "Mars/Olympus")))
			.hasMessage("timeZone: 'Mars/Olympus' is not a time zone (such as Europe/London or UTC)");
	}

	@Test
	void aPayloadThatDoesNotMeetAcceptWhenIsIgnoredWithTheReason() throws Exception {
		Map<String, String> mapping = Map.of("email", "$.email", "text", "$.text", "acceptWhen",
				"$.type in ['paid', 'refunded'] and $.live == true and $.email");

		assertThat(text(mapping, "{\"type\": \"paid\", \"live\": true, \"email\": \"a@b.c\", \"text\": \"ok\"}"))
			.isEqualTo("ok");
		assertThatThrownBy(() -> map(mapping, "{\"type\": \"created\", \"live\": true, \"email\": \"a@b.c\"}"))
			.isInstanceOf(IgnoredEventException.class)
			.hasMessage("acceptWhen: $.type in ['paid', 'refunded'] is not true ($.type is 'created')");
		assertThatThrownBy(() -> map(mapping, "{\"type\": \"paid\", \"live\": false, \"email\": \"a@b.c\"}"))
			.hasMessage("acceptWhen: $.live == true is not true ($.live is 'false')");
		assertThatThrownBy(() -> map(mapping, "{\"type\": \"paid\", \"live\": true}"))
			.hasMessage("acceptWhen: $.email is not true (no value)");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.a", "acceptWhen", "$.type = 'x'")))
			.hasMessageStartingWith("acceptWhen: '$.type = 'x'' is not a test");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text", "$.a", "acceptWhen", "$.type == paid")))
			.hasMessageStartingWith("acceptWhen: 'paid' is not a value");
		assertThat(PayloadCondition.parse("$.band == 'rock and roll'").unmetBy(Map.of("band", "rock and roll")))
			.isNull();
		assertThat(PayloadCondition.parse("$.bot == null and $.sub != null").unmetBy(Map.of("sub", "x"))).isNull();
		assertThat(PayloadCondition.parse("$.bot == null").unmetBy(Map.of("bot", "B1")))
			.isEqualTo("$.bot == null is not true ($.bot is 'B1')");
	}

	@Test
	void eachTypeOfPayloadCanMapItsOwnFields() throws Exception {
		Map<String, String> mapping = Map.of("email", "$.payload.email", "kind", "MINIMAL", "eventType", "$.event",
				"text[invitee.created]", "Booked {{ $.payload.name }}", "text[invitee.canceled]",
				"Cancelled {{ $.payload.name }}", "iconUrl[invitee.canceled]", "https://example.com/cancel.png");

		InboxEvent created = map(mapping,
				"{\"event\": \"invitee.created\", \"payload\": {\"email\": \"a@b.c\", \"name\": \"Call\"}}");
		InboxEvent canceled = map(mapping,
				"{\"event\": \"invitee.canceled\", \"payload\": {\"email\": \"a@b.c\", \"name\": \"Call\"}}");

		assertThat(created.message().text()).isEqualTo("Booked Call");
		assertThat(created.message().iconUrl()).isNull();
		assertThat(canceled.message().text()).isEqualTo("Cancelled Call");
		assertThat(canceled.message().kind()).isEqualTo(MessageKind.MINIMAL);
		assertThat(canceled.message().iconUrl()).isEqualTo("https://example.com/cancel.png");
		assertRefused(mapping, "{\"event\": \"invitee.rescheduled\", \"payload\": {\"email\": \"a@b.c\"}}",
				"the payload has no text (not mapped for type 'invitee.rescheduled')");
		assertThatThrownBy(() -> EventMapping.compile(Map.of("text[a]", "x")))
			.hasMessage("a: fields mapped per type need eventType, the JSONPath of a payload's type");
	}

	private String text(Map<String, String> mapping, String payload) throws Exception {
		return map(mapping, payload).message().text();
	}

	private void assertRefused(Map<String, String> mapping, String payload, String reason) {
		assertThatThrownBy(() -> map(mapping, payload)).isInstanceOf(InvalidEventException.class).hasMessage(reason);
	}

	private InboxEvent map(Map<String, String> mapping, String payload) throws Exception {
		return this.mapper.map("test", EventMapping.compile(new LinkedHashMap<>(mapping)),
				this.json.readValue(payload, Object.class));
	}

}

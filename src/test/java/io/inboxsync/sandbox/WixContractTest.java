package io.inboxsync.sandbox;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The contract's rules come out in Wix's words: dotted fields, Wix's rule names, the
 * bound that was broken.
 */
class WixContractTest {

	private static final WixContract CONTRACT = WixContract.load();

	private static final String CONVERSATION = "6202c3bb-f263-3c16-8c90-d6387d9ed420";

	@Test
	void bodyRulesNameTheFieldTheRuleAndTheBound() {
		String body = """
				{"conversationId": "%s", "message": {"visibility": "BUSINESS", "content": {
				  "previewText": "%s", "basic": {"items": [{"text": ""}]}},
				  "badges": [{"text": "One", "iconUrl": "ftp://files.example.com/x.png"}, {"text": "Two"}]}}"""
			.formatted(CONVERSATION, "p".repeat(257));

		List<WixContract.Violation> violations = CONTRACT.check("POST", "/inbox/v2/messages", Map.of(), body);

		assertThat(violations)
			.extracting(WixContract.Violation::field, WixContract.Violation::violatedRule,
					WixContract.Violation::description)
			.containsExactlyInAnyOrder(tuple("message.direction", "REQUIRED_FIELD", "must not be empty"),
					tuple("message.content.previewText", "MAX_LENGTH", "must not be longer than 256"),
					tuple("message.content.basic.items[0].text", "MIN_LENGTH", "must not be shorter than 1"),
					tuple("message.badges", "MAX_SIZE", "must have at most 1 items"),
					tuple("message.badges[0].iconUrl", "FORMAT", "must be a valid web URL"));
	}

	@Test
	void queryParameterRulesNameTheParameter() {
		List<WixContract.Violation> violations = CONTRACT.check("GET", "/inbox/v2/messages", Map.of("conversationId",
				List.of("not-a-guid"), "visibility", List.of("EVERYONE"), "paging.limit", List.of("101")), null);

		assertThat(violations).extracting(WixContract.Violation::field, WixContract.Violation::violatedRule)
			.containsExactlyInAnyOrder(tuple("conversationId", "FORMAT"), tuple("visibility", "OTHER"),
					tuple("paging.limit", "MAX"));
		assertThat(violations)
			.anySatisfy((violation) -> assertThat(violation.description()).isEqualTo("must not be greater than 100"));
	}

	@Test
	void unknownFieldsAreIgnoredAsWixIgnoresThem() {
		String body = """
				{"conversationId": "%s", "sendNotifications": false, "futureField": 1, "message": {
				  "direction": "PARTICIPANT_TO_BUSINESS", "visibility": "BUSINESS", "extra": true,
				  "content": {"minimal": {"text": "Booked", "url": "https://example.com/b/1"}}}}"""
			.formatted(CONVERSATION);

		assertThat(CONTRACT.check("POST", "/inbox/v2/messages", Map.of(), body)).isEmpty();
	}

}

package io.inboxsync.deadletter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReasonPatternTest {

	@Test
	void reasonsOfOneCauseShareAPatternWhateverTheCustomerIdsAndNumbers() {
		ReasonPattern jane = ReasonPattern.of("no Wix contact has the email j***@example.com");
		ReasonPattern bob = ReasonPattern.of("no Wix contact has the email b***@other.org");
		ReasonPattern phone = ReasonPattern.of("no Wix contact has the phone ***0123");

		assertThat(jane).isEqualTo(bob);
		assertThat(jane.pattern()).isEqualTo("no Wix contact has the email <customer>");
		assertThat(jane.filter()).isEqualTo("no Wix contact has the email");
		assertThat(phone.pattern()).isEqualTo("no Wix contact has the phone <customer>");
	}

	@Test
	void wixStatusesStayWhileAttemptsIdsAndQuotedValuesGo() {
		ReasonPattern pattern = ReasonPattern.of("gave up after 6 attempts: Wix answered 503 to POST "
				+ "/inbox/v2/conversations/4e600edc-db48-5260-9d04-7ea5c3e5fffd/messages: \"upstream 12\"");

		assertThat(pattern.pattern()).isEqualTo(
				"gave up after <n> attempts: Wix answered 503 to POST /inbox/v2/conversations/<id>/messages: \"…\"");
		assertThat(ReasonPattern.of("Wix answered 400 to POST /inbox/v2/messages").pattern())
			.isNotEqualTo(ReasonPattern.of("Wix answered 403 to POST /inbox/v2/messages").pattern());
		assertThat(pattern.filter()).isEqualTo("attempts: Wix answered 503 to POST /inbox/v2/conversations/");
	}

	@Test
	void aMissingReasonIsAPatternOfItsOwn() {
		assertThat(ReasonPattern.of(null).pattern()).isEqualTo("(no reason)");
		assertThat(ReasonPattern.of(null).filter()).isNull();
	}

}

package io.inboxsync.source;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.event.InvalidEventException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Payloads are read whole or refused with a reason in our words: never Jackson's, which
 * quote the payload.
 */
class PayloadParserTest {

	private static final String JSON = "application/json";

	private static final String FORM = "application/x-www-form-urlencoded";

	private final PayloadParser parser = new PayloadParser(new ObjectMapper());

	@Test
	void readsJsonAndForms() {
		assertThat(this.parser.parse("{\"a\": [1, \"b\"]}", JSON)).isEqualTo(Map.of("a", java.util.List.of(1, "b")));
		assertThat(this.parser.parse("From=%2B1415&Body=Hi+there&Body=again", FORM))
			.isEqualTo(Map.of("From", "+1415", "Body", java.util.List.of("Hi there", "again")));
	}

	@Test
	void aFormIsDecodedInItsDeclaredCharset() {
		assertThat(this.parser.parse("text=caf%E9", FORM + "; charset=ISO-8859-1"))
			.isEqualTo(Map.of("text", "caf\u00e9"));
		assertThat(this.parser.parse("text=caf%C3%A9", FORM)).isEqualTo(Map.of("text", "caf\u00e9"));
	}

	@Test
	void anythingAfterTheJsonValueIsRefused() {
		assertRefused("{\"a\": 1} xyz", JSON, "the body is not valid JSON: unexpected input (line 1, column ");
		assertRefused("{\"a\": 1} {\"a\": 2}", JSON, "the body is not valid JSON: there is more after the JSON value");
	}

	@Test
	void jacksonsLimitsAreNamedInOurWords() {
		assertRefused("[".repeat(1500) + "]".repeat(1500), JSON, "the body is not valid JSON: it nests too deeply");
		assertRefused("{\"a\": " + "9".repeat(2000) + "}", JSON, "the body is not valid JSON: a number is too long");
	}

	@Test
	void aCutShortDocumentSaysWhere() {
		assertRefused("{\"secret-looking\": \"abc", JSON,
				"the body is not valid JSON: it ends too early (line 1, column ");
	}

	@Test
	void aMalformedFormIsRefusedWithoutQuotingIt() {
		assertRefused("Body=hello&From=%zz-secret", FORM,
				"the form body is not valid form encoding: a % must be followed by two hexadecimal digits");
		assertRefused("{\"secret-looking\": 1}", FORM, "the body is JSON but was sent as " + FORM);
	}

	private void assertRefused(String body, String contentType, String reason) {
		assertThatThrownBy(() -> this.parser.parse(body, contentType)).isInstanceOf(InvalidEventException.class)
			.hasMessageStartingWith(reason)
			.message()
			.doesNotContain("secret-looking", "zz-secret", "Exception", "com.fasterxml", "java.",
					"StreamReadConstraints");
	}

}

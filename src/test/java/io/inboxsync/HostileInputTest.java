package io.inboxsync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Hostile and malformed requests, sent raw where no HTTP client would send them: each
 * gets its status and a JSON body with a reason, and neither the answer nor the log shows
 * a Java class name, a header's value, a secret or the posted body. One row per case in
 * {@link #hostileRequests()}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest extends InboxSyncTestSupport {

	/** Sent in a header of every request: it must never come back or be logged. */
	private static final String HEADER_VALUE = "probe-header-value-5e1f";

	/** In the body of every request that has one: it must never be logged. */
	private static final String BODY_MARKER = "probe-body-marker-c4d2";

	private static final String EVENT = "{\"id\": \"hostile-1\", \"contact\": {\"email\": \"jane@example.com\"}, "
			+ "\"message\": {\"text\": \"" + BODY_MARKER + "\"}}";

	private static final List<String> CLASS_NAMES = List.of("java.", "javax.", "jakarta.", "com.fasterxml",
			"org.apache", "org.springframework", "Exception", "StreamReadConstraints");

	private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT.*");

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * The cases: a name, the raw request, the status it must get. Build requests with
	 * {@link #post}, {@link #get} and {@link RawHttp#request}; every request carries
	 * {@link #HEADER_VALUE}, bodies should carry {@link #BODY_MARKER}.
	 */
	static Stream<Arguments> hostileRequests() {
		return Stream.of(
				row("JSON posted as a form", post("/webhooks/chat-tool", "application/x-www-form-urlencoded", EVENT),
						400),
				row("%zz in a form",
						post("/webhooks/chat-tool", "application/x-www-form-urlencoded",
								"Body=" + BODY_MARKER + "&From=%zz"),
						400),
				row("garbage after the JSON", post("/webhooks/chat-tool", "application/json", EVENT + " xyz"), 400),
				row("two JSON documents", post("/webhooks/chat-tool", "application/json", EVENT + EVENT), 400),
				row("JSON cut short", post("/webhooks/chat-tool", "application/json", EVENT.substring(0, 40)), 400),
				row("JSON nested too deeply",
						post("/webhooks/chat-tool", "application/json",
								"[".repeat(1500) + "\"" + BODY_MARKER + "\"" + "]".repeat(1500)),
						400),
				row("a number too long",
						post("/webhooks/chat-tool", "application/json",
								"{\"" + BODY_MARKER + "\": " + "9".repeat(2000) + "}"),
						400),
				row("an empty body", post("/webhooks/chat-tool", "application/json", ""), 400),
				row("a NUL inside the email",
						post("/webhooks/chat-tool", "application/json",
								EVENT.replace("jane@example.com", "ja\\u0000ne@example.com")),
						400),
				row("a NUL in the text",
						post("/webhooks/chat-tool", "application/json",
								EVENT.replace(BODY_MARKER, "a\\u0000" + BODY_MARKER)),
						400),
				row("half a surrogate pair in the text",
						post("/webhooks/chat-tool", "application/json",
								EVENT.replace(BODY_MARKER, "\\ud800" + BODY_MARKER)),
						400),
				row("an object where the text belongs",
						post("/webhooks/chat-tool", "application/json",
								EVENT.replace("\"" + BODY_MARKER + "\"", "{\"nested\": \"" + BODY_MARKER + "\"}")),
						400),
				row("a CR/LF in the event id",
						post("/webhooks/chat-tool", "application/json",
								EVENT.replace("hostile-1", "x1\\r\\n2026-11-30T10:00:00Z ERROR forged")),
						400),
				row("an unknown charset", post("/webhooks/chat-tool", "application/json; charset=x-bogus-42", EVENT),
						415),
				row("markup in the Content-Type",
						post("/webhooks/chat-tool", "text/html; <img src=x onerror=alert(1)>", EVENT), 415),
				row("a body declared over the size limit",
						RawHttp.request("POST /webhooks/chat-tool HTTP/1.1",
								headers("Content-Type", "application/json", "Content-Length", "5000000"), bytes(EVENT)),
						413),
				row("a wrong signature", signed("sha256=AAAA"), 401),
				row("GET on a webhook", get("/webhooks/chat-tool"), 405),
				row("a source that does not exist", post("/webhooks/no-such-source", "application/json", EVENT), 404),
				row("a trailing slash", post("/webhooks/chat-tool/", "application/json", EVENT), 404),
				row("an encoded dot-dot", post("/webhooks/%2e%2e/", "application/json", EVENT), 404),
				row("a path nothing serves", get("/nothing-here"), 404), row("Spring's error path", get("/error"), 404),
				row("a 64 KB header",
						RawHttp.request("GET /webhooks/chat-tool HTTP/1.1",
								headers("X-Probe", HEADER_VALUE, "X-Large", "a".repeat(64 * 1024)), new byte[0]),
						400),
				row("a NUL in a header",
						RawHttp.request("GET /webhooks/chat-tool HTTP/1.1",
								headers("X-Probe", HEADER_VALUE + "\0" + HEADER_VALUE), new byte[0]),
						400),
				row("a negative Content-Length",
						RawHttp.request("POST /webhooks/chat-tool HTTP/1.1",
								headers("X-Probe", HEADER_VALUE, "Content-Type", "application/json", "Content-Length",
										"-5"),
								bytes(EVENT)),
						400),
				row("%00 in the path", post("/webhooks/chat%00tool", "application/json", EVENT), 400),
				row("%2f in the path", post("/webhooks/chat%2ftool", "application/json", EVENT), 400),
				row("{ in the path", post("/webhooks/{chat-tool}", "application/json", EVENT), 400));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void isAnsweredInJsonWithAReasonAndLeaksNothing(byte[] request, int status, CapturedOutput output)
			throws IOException {
		RawHttp.Reply reply = RawHttp.send(this.port, request);

		assertThat(reply.status()).isEqualTo(status);
		assertThat(reply.headers().get("Content-Type")).startsWith("application/json");
		JsonNode body = JSON.readTree(reply.body());
		assertThat(body.path("status").asInt()).isEqualTo(status);
		assertThat(body.path("reason").asText()).isNotBlank();
		assertThat(reply.body()).doesNotContain(CLASS_NAMES).doesNotContain(secrets()).doesNotContain("onerror");
		assertThat(reply.headers().values()).noneMatch((value) -> value.contains(HEADER_VALUE));
		assertThat(output.getAll()).doesNotContain(secrets()).doesNotContain(BODY_MARKER);
		assertThat(linesOfRequestThreads(output.getAll())).doesNotContain(CLASS_NAMES);
	}

	@Test
	void aDeclaredLatin1CharsetIsHonoured() {
		String email = uniqueEmail("latin1");
		String contactId = this.wix.createContact(email);
		byte[] body = ("{\"contact\": {\"email\": \"" + email + "\"}, \"message\": {\"text\": \"caf\u00e9\"}}")
			.getBytes(StandardCharsets.ISO_8859_1);

		Api.Reply reply = postBytes("application/json; charset=ISO-8859-1", body);

		assertThat(reply.status()).isEqualTo(202);
		assertThat(textOfTheOneMessage(contactId)).isEqualTo("caf\u00e9");
	}

	@Test
	void utf16JsonIsRead() {
		String email = uniqueEmail("utf16");
		String contactId = this.wix.createContact(email);
		byte[] body = ("{\"contact\": {\"email\": \"" + email + "\"}, \"message\": {\"text\": \"na\u00efve \u2713\"}}")
			.getBytes(StandardCharsets.UTF_16);

		Api.Reply reply = postBytes("application/json; charset=UTF-16", body);

		assertThat(reply.status()).isEqualTo(202);
		assertThat(reply.headers().getContentType()).hasToString("application/json");
		assertThat(textOfTheOneMessage(contactId)).isEqualTo("na\u00efve \u2713");
	}

	@Test
	void aLatin1FormIsDecodedInItsCharset() throws Exception {
		String email = uniqueEmail("form");
		String contactId = this.wix.createContact(email);
		webhookSource("latin1-form", Map.of("email", "$.email", "text", "$.text"));

		Api.Reply reply = this.api.postWebhook("latin1-form", "application/x-www-form-urlencoded; charset=ISO-8859-1",
				"email=" + email + "&text=caf%E9");

		assertThat(reply.status()).isEqualTo(202);
		assertThat(textOfTheOneMessage(contactId)).isEqualTo("caf\u00e9");
	}

	private Api.Reply postBytes(String contentType, byte[] body) {
		try {
			RawHttp.Reply reply = RawHttp.send(this.port, RawHttp.request("POST /webhooks/chat-tool HTTP/1.1",
					headers("Content-Type", contentType, "Content-Length", String.valueOf(body.length)), body));
			org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
			reply.headers().forEach(headers::add);
			return new Api.Reply(reply.status(), reply.body(), headers);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String textOfTheOneMessage(String contactId) {
		return eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0)
			.path("content")
			.path("basic")
			.path("items")
			.get(0)
			.path("text")
			.asText();
	}

	private String[] secrets() {
		return new String[] { SMS_SECRET, SandboxWix.API_KEY, operatorToken(), HEADER_VALUE };
	}

	/**
	 * What Tomcat's and the webhook's threads logged (stack traces included): the
	 * pipeline delivering other tests' events meanwhile may log its own retries, which
	 * are not this request's.
	 */
	private static String linesOfRequestThreads(String log) {
		List<String> lines = new ArrayList<>();
		boolean fromRequestThread = false;
		for (String line : log.split("\\R")) {
			if (LOG_LINE.matcher(line).matches()) {
				fromRequestThread = line.contains("exec-") || line.contains("task-");
			}
			if (fromRequestThread) {
				lines.add(line);
			}
		}
		return String.join("\n", lines);
	}

	private static Arguments row(String name, byte[] request, int status) {
		return arguments(named(name, request), status);
	}

	private static byte[] post(String path, String contentType, String body) {
		byte[] bytes = bytes(body);
		return RawHttp.request("POST " + path + " HTTP/1.1", headers("X-Probe", HEADER_VALUE, "Content-Type",
				contentType, "Content-Length", String.valueOf(bytes.length)), bytes);
	}

	private static byte[] get(String path) {
		return RawHttp.request("GET " + path + " HTTP/1.1", headers("X-Probe", HEADER_VALUE), new byte[0]);
	}

	private static byte[] signed(String signature) {
		byte[] body = bytes("MessageSid=SM1&From=%2B14155550123&Body=" + BODY_MARKER);
		return RawHttp.request("POST /webhooks/sms HTTP/1.1",
				headers("X-Probe", HEADER_VALUE, "X-Sms-Signature", signature, "Content-Type",
						"application/x-www-form-urlencoded", "Content-Length", String.valueOf(body.length)),
				body);
	}

	private static Map<String, String> headers(String... namesAndValues) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return headers;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

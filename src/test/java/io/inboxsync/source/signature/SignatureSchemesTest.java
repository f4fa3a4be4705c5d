package io.inboxsync.source.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.inboxsync.event.InvalidEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.inboxsync.source.signature.ProviderSignatures.base64;
import static io.inboxsync.source.signature.ProviderSignatures.hex;
import static io.inboxsync.source.signature.ProviderSignatures.hmac;
import static io.inboxsync.source.signature.ProviderSignatures.whsec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every preset against requests signed the way its provider documents
 * ({@link ProviderSignatures}, written from the providers' documentation apart from the
 * code under test), and the worked examples providers publish.
 */
class SignatureSchemesTest {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	private static final String URL = "https://inbox.example.com/webhooks/provider";

	/**
	 * A provider: its scheme's parameters, its secrets (current, previous during a
	 * rotation, and a wrong one), the body it posts, and how it signs a request at a
	 * time.
	 */
	record Provider(String scheme, Map<String, String> parameters, String secret, String previousSecret,
			String wrongSecret, String body, boolean signsTime, Signer signer) {

		@Override
		public String toString() {
			return this.scheme;
		}

	}

	interface Signer {

		/** The headers of a request of this body signed with this secret at this time. */
		Map<String, String> sign(String secret, String body, Instant at) throws Exception;

	}

	static Stream<Provider> providers() {
		String json = "{\"type\":\"message\",\"text\":\"Café at 5? 🙂\"}";
		String form = "To=%2B14155550000&From=%2B14155550123&Body=Caf%C3%A9+at+5%3F";
		return Stream.of(
				new Provider("stripe", Map.of(), "whsec_stripe", "whsec_old", "whsec_wrong", json, true,
						ProviderSignatures::stripe),
				new Provider("calendly", Map.of(), "calendly-key", "calendly-old", "wrong", json, true,
						ProviderSignatures::calendly),
				new Provider("twilio", Map.of("publicUrl", URL), "auth-token", "old-token", "wrong", form, false,
						(secret, body, at) -> Map.of("X-Twilio-Signature",
								base64(hmac("HmacSHA1", secret,
										URL + "BodyCafé at 5?From+14155550123To+14155550000")))),
				new Provider("slack", Map.of(), "slack-secret", "slack-old", "wrong", json, true,
						ProviderSignatures::slack),
				new Provider("github", Map.of(), "gh-secret", "gh-old", "wrong", json, false,
						(secret, body, at) -> ProviderSignatures.hubSignature256(secret, body)),
				new Provider("meta", Map.of(), "app-secret", "app-old", "wrong", json, false,
						(secret, body, at) -> ProviderSignatures.hubSignature256(secret, body)),
				new Provider("shopify", Map.of(), "shpss_secret", "shpss_old", "wrong", json, false,
						(secret, body, at) -> ProviderSignatures.shopify(secret, body)),
				new Provider("intercom", Map.of(), "client-secret", "client-old", "wrong", json, false,
						(secret, body, at) -> ProviderSignatures.intercom(secret, body)),
				new Provider("zendesk", Map.of(), "zendesk-secret", "zendesk-old", "wrong", json, true,
						ProviderSignatures::zendesk),
				new Provider("hubspot-v3", Map.of("publicUrl", URL), "hubspot-secret", "hubspot-old", "wrong", json,
						true, (secret, body, at) -> ProviderSignatures.hubSpotV3(secret, "POST", URL, body, at)),
				new Provider("standard-webhooks", Map.of(), whsec("current-key"), whsec("previous-key"),
						whsec("wrong-key"), json, true,
						(secret, body, at) -> ProviderSignatures.standardWebhooks(secret,
								"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", body, at)),
				new Provider("hmac",
						Map.of("signatureHeader", "X-Signature", "signatureAlgorithm", "SHA-512", "signatureEncoding",
								"base64", "signaturePrefix", "sha512=", "signedString", "${header.X-Timestamp}.${body}",
								"timestampHeader", "X-Timestamp"),
						"generic-secret", "generic-old", "wrong", json, true,
						(secret, body, at) -> Map.of("X-Timestamp", "" + at.getEpochSecond(), "X-Signature",
								"sha512=" + base64(hmac("HmacSHA512", secret, at.getEpochSecond() + "." + body)))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void aRequestSignedAsTheProviderDocumentsPasses(Provider provider) throws Exception {
		SignatureScheme scheme = scheme(provider, provider.secret());

		assertThatCode(() -> scheme.verify(signed(provider, provider.secret(), provider.body(), NOW)))
			.doesNotThrowAnyException();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void aTamperedBodyFailsWithAReasonNamingTheCheckNeverTheExpectedValue(Provider provider) throws Exception {
		SignatureScheme scheme = scheme(provider, provider.secret());
		Map<String, String> headers = provider.signer().sign(provider.secret(), provider.body(), NOW);
		String tampered = provider.body().replace("5", "6");
		String expected = provider.signer().sign(provider.secret(), tampered, NOW).toString();

		InvalidEventException refusal = refusal(scheme, request(provider, headers, tampered));

		assertThat(refusal.getMessage()).startsWith("the signature in header ").contains(" does not match ");
		for (String value : provider.signer().sign(provider.secret(), tampered, NOW).values()) {
			assertThat(refusal.getMessage()).as(expected).doesNotContain(value);
		}
		assertThat(refusal.getMessage()).doesNotContain(provider.secret());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void aWrongSecretFails(Provider provider) throws Exception {
		SignatureScheme scheme = scheme(provider, provider.secret());

		assertThat(refusal(scheme, signed(provider, provider.wrongSecret(), provider.body(), NOW)).getMessage())
			.contains(" does not match ");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void duringARotationThePreviousSecretPassesToo(Provider provider) throws Exception {
		SignatureScheme scheme = scheme(provider, provider.secret(), provider.previousSecret());

		assertThatCode(() -> scheme.verify(signed(provider, provider.previousSecret(), provider.body(), NOW)))
			.doesNotThrowAnyException();
		assertThatCode(() -> scheme.verify(signed(provider, provider.secret(), provider.body(), NOW)))
			.doesNotThrowAnyException();
		assertThat(refusal(scheme, signed(provider, provider.wrongSecret(), provider.body(), NOW)).getMessage())
			.contains(" does not match ");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void aStaleOrFutureTimestampFailsEvenCorrectlySigned(Provider provider) throws Exception {
		if (!provider.signsTime()) {
			return;
		}
		SignatureScheme scheme = scheme(provider, provider.secret());
		Duration tolerance = provider.scheme().equals("calendly") ? Duration.ofMinutes(3) : Duration.ofMinutes(5);
		Instant stale = NOW.minus(tolerance).minusSeconds(1);
		Instant future = NOW.plus(tolerance).plusSeconds(1);

		assertThatCode(() -> scheme
			.verify(signed(provider, provider.secret(), provider.body(), NOW.minus(tolerance).plusSeconds(1))))
			.doesNotThrowAnyException();
		assertThat(refusal(scheme, signed(provider, provider.secret(), provider.body(), stale)).getMessage())
			.startsWith("the timestamp in header ")
			.endsWith(" is older than the tolerance of " + tolerance.toSeconds() + " s");
		assertThat(refusal(scheme, signed(provider, provider.secret(), provider.body(), future)).getMessage())
			.endsWith(" is further in the future than the tolerance of " + tolerance.toSeconds() + " s");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void theToleranceIsConfigurable(Provider provider) throws Exception {
		if (!provider.signsTime()) {
			return;
		}
		Map<String, String> parameters = new LinkedHashMap<>(provider.parameters());
		parameters.put("tolerance", "3600");
		SignatureScheme scheme = SignatureSchemes.compile(parameters(provider.scheme(), parameters),
				keys(provider.secret()));

		assertThatCode(
				() -> scheme.verify(signed(provider, provider.secret(), provider.body(), NOW.minusSeconds(3000))))
			.doesNotThrowAnyException();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void anUnsignedRequestNamesTheMissingHeader(Provider provider) throws Exception {
		SignatureScheme scheme = scheme(provider, provider.secret());

		assertThat(refusal(scheme, request(provider, Map.of(), provider.body())).getMessage()).contains(" is missing");
	}

	@Test
	void githubsPublishedExample() {
		SignatureScheme github = SignatureSchemes.compile(Map.of("verify", "github", "signatureSecret", "named"),
				keys("It's a Secret to Everybody"));

		assertThatCode(() -> github.verify(request(
				Map.of("X-Hub-Signature-256",
						"sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
				"Hello, World!", NOW)))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> github.verify(request(
				Map.of("X-Hub-Signature-256",
						"sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
				"Hello, World?", NOW)))
			.isInstanceOf(InvalidEventException.class);
	}

	@Test
	void slacksPublishedExample() {
		SignatureScheme slack = SignatureSchemes.compile(Map.of("verify", "slack", "signatureSecret", "named"),
				keys("8f742231b10e8888abcd99yyyzzz85a5"));
		String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
				+ "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
				+ "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
				+ "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
		Map<String, String> headers = Map.of("X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature",
				"v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");

		assertThatCode(() -> slack.verify(request(headers, body, Instant.ofEpochSecond(1531420618))))
			.doesNotThrowAnyException();
		assertThat(refusal(slack, request(headers, body, Instant.ofEpochSecond(1531420618 + 301))).getMessage())
			.isEqualTo("the timestamp in header X-Slack-Request-Timestamp is older than the tolerance of 300 s");
	}

	@Test
	void standardWebhooksPublishedExample() {
		SignatureScheme standard = SignatureSchemes.compile(
				Map.of("verify", "standard-webhooks", "signatureSecret", "named"),
				keys("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
		Map<String, String> headers = Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp",
				"1614265330", "webhook-signature", "v1,bm9wZQ== v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");

		assertThatCode(
				() -> standard.verify(request(headers, "{\"test\": 2432232314}", Instant.ofEpochSecond(1614265330))))
			.doesNotThrowAnyException();
		assertThat(refusal(standard, request(headers, "{\"test\": 2432232315}", Instant.ofEpochSecond(1614265330)))
			.getMessage())
			.isEqualTo("the signature in header webhook-signature does not match the signed string "
					+ "'${header.webhook-id}.${timestamp}.${body}'");
	}

	@Test
	void twiliosPublishedExampleWithItsQueryString() {
		SignatureScheme twilio = SignatureSchemes.compile(
				Map.of("verify", "twilio", "signatureSecret", "named", "publicUrl", "https://mycompany.com/myapp.php"),
				keys("12345"));
		// In another order than signed: Twilio sorts the fields.
		String form = "To=%2B18005551212&CallSid=CA1234567890ABCDE&Digits=1234&From=%2B12349013030&Caller=%2B12349013030";
		Map<String, String> headers = Map.of("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

		assertThatCode(() -> twilio.verify(new SignedRequest("POST", "http://10.0.0.7:8080/webhooks/twilio",
				"foo=1&bar=2", header(headers), bytes(form), NOW)))
			.doesNotThrowAnyException();
		assertThat(refusal(twilio, new SignedRequest("POST", URL, "foo=1&bar=3", header(headers), bytes(form), NOW))
			.getMessage()).isEqualTo("the signature in header X-Twilio-Signature does not match the URL and the form");
	}

	@Test
	void twilioSignsAJsonBodyThroughTheBodySha256OfItsUrl() throws Exception {
		SignatureScheme twilio = SignatureSchemes
			.compile(Map.of("verify", "twilio", "signatureSecret", "named", "publicUrl", URL), keys("12345"));
		String body = "{\"property\": \"value\", \"boolean\": true}";
		// The hash twilio's own libraries test this body with.
		String query = "bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
		Map<String, String> headers = Map.of("X-Twilio-Signature",
				base64(hmac("HmacSHA1", "12345", URL + "?" + query)));

		assertThatCode(() -> twilio.verify(new SignedRequest("POST", URL, query, header(headers), bytes(body), NOW)))
			.doesNotThrowAnyException();
		assertThat(refusal(twilio, new SignedRequest("POST", URL, query, header(headers), bytes(body + " "), NOW))
			.getMessage()).isEqualTo("the bodySHA256 in the URL does not match the body");
		assertThat(refusal(twilio,
				new SignedRequest("POST", URL, null,
						header(Map.of("X-Twilio-Signature", base64(hmac("HmacSHA1", "12345", URL)))), bytes(body), NOW))
			.getMessage()).isEqualTo("a JSON body must come with its bodySHA256 in the URL, as Twilio sends it");
	}

	@Test
	void stripeAcceptsAnyOfSeveralV1SignaturesAndIgnoresOtherSchemes() throws Exception {
		SignatureScheme stripe = SignatureSchemes.compile(Map.of("verify", "stripe", "signatureSecret", "named"),
				keys("whsec_stripe"));
		String body = "{\"id\":\"evt_1\"}";
		String right = hex(hmac("HmacSHA256", "whsec_stripe", NOW.getEpochSecond() + "." + body));
		String header = "t=" + NOW.getEpochSecond() + ",v1=" + "0".repeat(64) + ",v1=" + right + ",v0="
				+ "1".repeat(64);

		assertThatCode(() -> stripe.verify(request(Map.of("Stripe-Signature", header), body, NOW)))
			.doesNotThrowAnyException();
		assertThat(refusal(stripe, request(Map.of("Stripe-Signature", "v1=" + right), body, NOW)).getMessage())
			.isEqualTo("the signature header Stripe-Signature has no t= timestamp");
		assertThat(refusal(stripe,
				request(Map.of("Stripe-Signature", "t=" + NOW.getEpochSecond() + ",v0=" + right), body, NOW))
			.getMessage()).isEqualTo("the signature header Stripe-Signature has no hex v1= signature");
	}

	@Test
	void hubSpotSignsItsUrlWithSomeReservedCharactersDecoded() throws Exception {
		SignatureScheme hubspot = SignatureSchemes.compile(
				Map.of("verify", "hubspot-v3", "signatureSecret", "named", "publicUrl", URL), keys("hubspot-secret"));
		String timestamp = "" + NOW.toEpochMilli();
		String signed = "POST" + URL + "?portal=1&redirect=https://x.example/a,b" + "{}" + timestamp;
		Map<String, String> headers = Map.of("X-HubSpot-Request-Timestamp", timestamp, "X-HubSpot-Signature-v3",
				base64(hmac("HmacSHA256", "hubspot-secret", signed)));

		assertThatCode(() -> hubspot.verify(new SignedRequest("POST", URL,
				"portal=1&redirect=https%3A%2F%2Fx.example%2Fa%2Cb", header(headers), bytes("{}"), NOW)))
			.doesNotThrowAnyException();
	}

	@Test
	void zendeskReadsItsIsoTimestamp() throws Exception {
		SignatureScheme zendesk = SignatureSchemes.compile(Map.of("verify", "zendesk", "signatureSecret", "named"),
				keys("zendesk-secret"));
		Map<String, String> headers = Map.of("X-Zendesk-Webhook-Signature-Timestamp", "" + NOW.getEpochSecond(),
				"X-Zendesk-Webhook-Signature",
				base64(hmac("HmacSHA256", "zendesk-secret", NOW.getEpochSecond() + "{}")));

		assertThat(refusal(zendesk, request(headers, "{}", NOW)).getMessage()).isEqualTo(
				"the timestamp in header X-Zendesk-Webhook-Signature-Timestamp is not an ISO-8601 date and time");
	}

	@Test
	void theGenericFormKeepsTheMessagesOfTheSignatureHeaderSourcesHadBefore() throws Exception {
		SignatureScheme sms = SignatureSchemes.compile(Map.of("signatureHeader", "X-Sms-Signature", "signatureSecret",
				"named", "signatureEncoding", "base64", "signaturePrefix", "sha256="), keys("sms-secret"));

		assertThatCode(() -> sms
			.verify(request(Map.of("X-Sms-Signature", "sha256=" + base64(hmac("HmacSHA256", "sms-secret", "Body=Hi"))),
					"Body=Hi", NOW)))
			.doesNotThrowAnyException();
		assertThat(refusal(sms,
				request(Map.of("X-Sms-Signature", "sha256=" + base64(hmac("HmacSHA256", "x", "Body=Hi"))), "Body=Hi",
						NOW))
			.getMessage()).isEqualTo("the signature in header X-Sms-Signature does not match the body");
		assertThat(refusal(sms, request(Map.of("X-Sms-Signature", "sha1=abc"), "Body=Hi", NOW)).getMessage())
			.isEqualTo("the signature header X-Sms-Signature is missing or does not start with 'sha256='");
		assertThat(refusal(sms, request(Map.of("X-Sms-Signature", "sha256=%%%"), "Body=Hi", NOW)).getMessage())
			.isEqualTo("the signature in header X-Sms-Signature is not base64");
	}

	@Test
	void theGenericSignedStringTakesHeadersMethodPathUrlAndText() throws Exception {
		SignatureScheme hmac = SignatureSchemes
			.compile(Map.of("verify", "hmac", "signatureHeader", "X-Sig", "signatureSecret", "named", "signedString",
					"${method} ${path} ${url}|${header.x-id}|${body}", "publicUrl", "https://public.example/hooks/x"),
					keys("k"));
		String signed = "POST /webhooks/x https://public.example/hooks/x?a=1|42|{}";

		assertThatCode(() -> hmac.verify(new SignedRequest("POST", "http://internal:8080/webhooks/x", "a=1",
				header(Map.of("X-Sig", hex(hmac("HmacSHA256", "k", signed)), "X-Id", "42")), bytes("{}"), NOW)))
			.doesNotThrowAnyException();
	}

	@Test
	void aSignedStringIsTextAndReferencesToTheRequestOnly() {
		for (String template : List.of("${simple{sysenv.HOME}}", "${env:HOME}", "${sys.user.home}",
				"${header.X-A}${bean:x}", "${body", "${header.bad header}", "${exchangeProperty.x}")) {
			assertThatThrownBy(() -> SignatureSchemes.compile(
					Map.of("signatureHeader", "X-Sig", "signatureSecret", "named", "signedString", template),
					keys("k")))
				.as(template)
				.isInstanceOfSatisfying(SignatureSchemes.InvalidSchemeException.class,
						(ex) -> assertThat(ex.parameter()).isEqualTo("signedString"));
		}
	}

	@Test
	void aPresetRefusesTheParametersItSetsItself() {
		assertThatThrownBy(() -> SignatureSchemes
			.compile(Map.of("verify", "stripe", "signatureSecret", "named", "signatureHeader", "X-Other"), keys("k")))
			.isInstanceOfSatisfying(SignatureSchemes.InvalidSchemeException.class, (ex) -> {
				assertThat(ex.parameter()).isEqualTo("signatureHeader");
				assertThat(ex.getMessage()).startsWith("parameter signatureHeader does not apply to verify: stripe");
			});
		assertThatThrownBy(() -> SignatureSchemes
			.compile(Map.of("verify", "github", "signatureSecret", "named", "tolerance", "60"), keys("k")))
			.hasMessageStartingWith("parameter tolerance does not apply to verify: github");
		assertThatThrownBy(
				() -> SignatureSchemes.compile(Map.of("verify", "stripes", "signatureSecret", "named"), keys("k")))
			.hasMessageStartingWith("parameter verify must be one of [stripe, calendly, twilio");
		assertThatThrownBy(() -> SignatureSchemes
			.compile(Map.of("verify", "standard-webhooks", "signatureSecret", "named"), keys("whsec_not base64!")))
			.hasMessage(
					"the secret of verify: standard-webhooks must be whsec_ followed by base64, as the sender shows it");
	}

	private static SignatureScheme scheme(Provider provider, String... secrets) {
		return SignatureSchemes.compile(parameters(provider.scheme(), provider.parameters()), keys(secrets));
	}

	private static Map<String, String> parameters(String scheme, Map<String, String> parameters) {
		Map<String, String> all = new LinkedHashMap<>(parameters);
		all.put("verify", scheme);
		all.put("signatureSecret", "{{inbox-sync.sources.provider.secret}}");
		return all;
	}

	private static List<byte[]> keys(String... secrets) {
		return Stream.of(secrets).map(SignatureSchemesTest::bytes).toList();
	}

	private static SignedRequest signed(Provider provider, String secret, String body, Instant at) throws Exception {
		return request(provider, provider.signer().sign(secret, body, at), body);
	}

	private static SignedRequest request(Provider provider, Map<String, String> headers, String body) {
		return request(headers, body, NOW);
	}

	private static SignedRequest request(Map<String, String> headers, String body, Instant receivedAt) {
		return new SignedRequest("POST", "http://localhost:8080/webhooks/provider", null, header(headers), bytes(body),
				receivedAt);
	}

	/** Headers by name, whatever its case, as a servlet request reads them. */
	private static java.util.function.UnaryOperator<String> header(Map<String, String> headers) {
		Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		byName.putAll(headers);
		return byName::get;
	}

	private static InvalidEventException refusal(SignatureScheme scheme, SignedRequest request) {
		try {
			scheme.verify(request);
		}
		catch (InvalidEventException ex) {
			assertThat(ex.httpStatus()).isEqualTo(401);
			return ex;
		}
		throw new AssertionError("the request passed");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}

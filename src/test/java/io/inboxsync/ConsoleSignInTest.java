package io.inboxsync;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in: the operator token for a session cookie that scripts cannot read
 * and other sites cannot send, and forms that only the console's own pages can post.
 */
class ConsoleSignInTest extends InboxSyncTestSupport {

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@Test
	void theTokenOpensASessionInAnHttpOnlySameSiteStrictCookie() throws Exception {
		HttpResponse<String> anonymous = get("/console/dead-letters", Map.of());
		HttpResponse<String> wrong = signIn("not-the-token");
		HttpResponse<String> signedIn = signIn(operatorToken());

		assertThat(anonymous.statusCode()).isEqualTo(303);
		assertThat(anonymous.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> to.endsWith("/console/sign-in"));
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(wrong.body()).contains("That is not the operator token").doesNotContain("not-the-token");
		assertThat(signedIn.statusCode()).isEqualTo(303);
		String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("inbox-sync-console=")
			.contains("HttpOnly")
			.contains("SameSite=Strict")
			.contains("Path=/console")
			.doesNotContain(operatorToken());
		HttpResponse<String> page = get("/console/dead-letters", Map.of("Cookie", session(cookie)));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((policy) -> assertThat(policy).contains("frame-ancestors 'none'"));
		assertThat(
				get("/console/dead-letters", Map.of("Cookie", "inbox-sync-console=9999999999.00.forged")).statusCode())
			.isEqualTo(303);
		assertThat(get("/console/dead-letters", Map.of("Authorization", "Bearer " + operatorToken())).statusCode())
			.isEqualTo(200);
	}

	@Test
	void aFormPostedWithTheCookieButWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
		String cookie = session(signIn(operatorToken()).headers().firstValue("Set-Cookie").orElseThrow());
		String page = get("/console/dead-letters", Map.of("Cookie", cookie)).body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(csrf.find()).isTrue();

		HttpResponse<String> withoutToken = post("/console/dead-letters/bulk-replay", "source=nothing-here", cookie);
		HttpResponse<String> wrongToken = post("/console/dead-letters/bulk-replay", "source=nothing-here&_csrf=abc",
				cookie);
		HttpResponse<String> anonymous = post("/console/dead-letters/bulk-replay", "source=nothing-here", null);
		HttpResponse<String> signOut = post("/console/sign-out", "_csrf=" + csrf.group(1), cookie);

		assertThat(withoutToken.statusCode()).isEqualTo(403);
		assertThat(withoutToken.body()).contains("\"reason\"");
		assertThat(wrongToken.statusCode()).isEqualTo(403);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(signOut.statusCode()).isEqualTo(303);
		assertThat(signOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cleared) -> assertThat(cleared).startsWith("inbox-sync-console=;").contains("Max-Age=0"));
	}

	private HttpResponse<String> signIn(String token) throws Exception {
		return post("/console/sign-in", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null);
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String session(String setCookie) {
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

}

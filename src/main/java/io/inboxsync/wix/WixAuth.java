package io.inboxsync.wix;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * How inbox-sync signs in to Wix: the headers each call carries, and what to do when Wix
 * answers 401. Secrets stay inside; {@link #toString()} and {@link #describe()} never
 * show them.
 */
public sealed interface WixAuth permits WixAuth.ApiKey, WixAuth.App {

	/** The sign-in headers of the next call. */
	Map<String, String> headers();

	/**
	 * After a 401 to a call signed with {@code rejected}: whether there are newer
	 * credentials than those, so that the call is worth sending once more.
	 */
	boolean renewAfterUnauthorized(Map<String, String> rejected);

	/** What is configured, for logs and health: no secret in it. */
	String describe();

	/** Why this configuration cannot work at all (something missing), or {@code null}. */
	String misconfiguration();

	/**
	 * An API key for one site: {@code Authorization: <key>} and {@code wix-site-id}. A
	 * 401 means the key is bad.
	 */
	record ApiKey(String key, String siteId) implements WixAuth {

		@Override
		public Map<String, String> headers() {
			return StringUtils.hasText(this.siteId) ? Map.of("Authorization", this.key, "wix-site-id", this.siteId)
					: Map.of("Authorization", this.key);
		}

		@Override
		public boolean renewAfterUnauthorized(Map<String, String> rejected) {
			return false;
		}

		@Override
		public String describe() {
			return "API key for site " + this.siteId;
		}

		@Override
		public String misconfiguration() {
			return StringUtils.hasText(this.siteId) ? null
					: "inbox-sync.wix.site-id is empty: an API key needs the id of the site it may reach";
		}

		@Override
		public String toString() {
			return "ApiKey[siteId=" + this.siteId + "]";
		}

	}

	/**
	 * A Wix app installed on the site: an access token from {@code POST /oauth2/token}
	 * (client credentials), sent as {@code Authorization: <token>} with no site header.
	 * The token is kept until shortly before it expires, and fetched again once when Wix
	 * answers 401.
	 */
	final class App implements WixAuth {

		/**
		 * A token is renewed this long before Wix says it expires, so no call goes out
		 * with a dying token.
		 */
		static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

		private final String appId;

		private final String appSecret;

		private final String instanceId;

		private final Supplier<String> baseUrl;

		private final RestClient http;

		private final ObjectMapper objectMapper;

		private final Clock clock;

		private String token;

		private Instant renewAt = Instant.MIN;

		App(String appId, String appSecret, String instanceId, Supplier<String> baseUrl, Duration connectTimeout,
				Duration readTimeout, ObjectMapper objectMapper, Clock clock) {
			this.appId = appId;
			this.appSecret = appSecret;
			this.instanceId = instanceId;
			this.baseUrl = baseUrl;
			this.objectMapper = objectMapper;
			this.clock = clock;
			JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().connectTimeout(connectTimeout).build());
			requestFactory.setReadTimeout(readTimeout);
			this.http = RestClient.builder().requestFactory(requestFactory).build();
		}

		@Override
		public synchronized Map<String, String> headers() {
			if (this.token == null || !this.clock.instant().isBefore(this.renewAt)) {
				fetchToken();
			}
			return Map.of("Authorization", this.token);
		}

		/**
		 * Fetches a new token unless another call already replaced the rejected one: of
		 * calls refused together, one asks Wix.
		 */
		@Override
		public synchronized boolean renewAfterUnauthorized(Map<String, String> rejected) {
			if (Objects.equals(this.token, rejected.get("Authorization"))) {
				fetchToken();
			}
			return true;
		}

		@Override
		public String describe() {
			return "Wix app " + this.appId + " for instance " + this.instanceId;
		}

		@Override
		public String misconfiguration() {
			if (!StringUtils.hasText(this.appSecret)) {
				return "inbox-sync.wix.app-secret is empty: a Wix app signs in with its id and secret";
			}
			return StringUtils.hasText(this.instanceId) ? null
					: "inbox-sync.wix.instance-id is empty: a Wix app's token is for one installation (instance) on one site";
		}

		@Override
		public String toString() {
			return "App[appId=" + this.appId + ", instanceId=" + this.instanceId + "]";
		}

		/**
		 * Wix's answer is {@code {"access_token", "expires_in"}} (seconds); any other
		 * answer fails the call.
		 */
		private void fetchToken() {
			Map<String, String> request = new LinkedHashMap<>();
			request.put("grant_type", "client_credentials");
			request.put("client_id", this.appId);
			request.put("client_secret", this.appSecret);
			request.put("instance_id", this.instanceId);
			Instant askedAt = this.clock.instant();
			JsonNode answer = this.http.post()
				.uri(URI.create(this.baseUrl.get() + "/oauth2/token"))
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(request)
				.exchange((req, response) -> {
					JsonNode json = readJson(response.getBody().readAllBytes());
					int status = response.getStatusCode().value();
					if (status != 200 || !json.path("access_token").isTextual()) {
						throw new WixApiException("POST /oauth2/token", status, json,
								response.getHeaders().getFirst("Retry-After"),
								response.getHeaders().getFirst("X-Wix-Request-Id"));
					}
					return json;
				});
			this.token = answer.path("access_token").asText();
			Duration lifetime = Duration.ofSeconds(answer.path("expires_in").asLong(0));
			Duration margin = (lifetime.compareTo(RENEW_BEFORE_EXPIRY.multipliedBy(2)) > 0) ? RENEW_BEFORE_EXPIRY
					: lifetime.dividedBy(2);
			this.renewAt = askedAt.plus(lifetime).minus(margin);
		}

		private JsonNode readJson(byte[] body) {
			try {
				return (body.length > 0) ? this.objectMapper.readTree(body) : MissingNode.getInstance();
			}
			catch (java.io.IOException ex) {
				return MissingNode.getInstance();
			}
		}

	}

}

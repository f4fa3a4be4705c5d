package io.inboxsync.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.inboxsync.reply.WixAppIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wix's side of the app's webhooks: events signed RS256 with the sandbox app's key,
 * posted to the app's webhook URL, and posted again, like Wix, when the answer is not 200
 * within 1,250 ms. Its public key and app id are what inbox-sync verifies against and
 * recognises as its own when no Wix app is configured, so replies work out of the box.
 */
class SandboxWebhooks implements WixAppIdentity, AutoCloseable {

	/** Wix waits this long for the 200. */
	static final Duration ANSWER_WITHIN = Duration.ofMillis(1250);

	private static final Logger log = LoggerFactory.getLogger(SandboxWebhooks.class);

	private static final int KEPT_DELIVERIES = 200;

	private final KeyPair keys;

	private final String appId;

	private final String instanceId;

	private final SandboxWebhookProperties settings;

	private final ObjectMapper objectMapper;

	private final Clock clock;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();

	private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sandbox-webhooks");
		thread.setDaemon(true);
		return thread;
	});

	private final Deque<Delivery> deliveries = new ArrayDeque<>();

	private volatile String target;

	private volatile String defaultTarget = "";

	SandboxWebhooks(SandboxWebhookProperties settings, String appId, String instanceId, ObjectMapper objectMapper,
			Clock clock) {
		this.settings = settings;
		this.keys = keys(settings.privateKey());
		this.appId = appId;
		this.instanceId = instanceId;
		this.objectMapper = objectMapper;
		this.clock = clock;
		this.target = settings.target();
	}

	@Override
	public RSAPublicKey webhookPublicKey() {
		return (RSAPublicKey) this.keys.getPublic();
	}

	@Override
	public String appId() {
		return this.appId;
	}

	/** Where webhooks go now. */
	String target() {
		return this.target.isEmpty() ? this.defaultTarget : this.target;
	}

	/** Webhooks go there from now on; empty: this inbox-sync's own. */
	void target(String target) {
		this.target = (target != null) ? target.trim() : "";
	}

	/** This inbox-sync's own webhook URL, once its port is known. */
	void defaultTarget(String url) {
		this.defaultTarget = url;
	}

	/** The business wrote to the participant: Wix's message_sent_to_participant. */
	void messageSentToParticipant(String conversationId, JsonNode message) {
		ObjectNode body = this.objectMapper.createObjectNode();
		body.put("conversationId", conversationId);
		body.set("message", message);
		JsonNode sender = message.path("sender");
		ObjectNode identity = this.objectMapper.createObjectNode();
		if (sender.hasNonNull("wixUserId")) {
			identity.put("identityType", "WIX_USER");
			identity.put("wixUserId", sender.path("wixUserId").asText());
		}
		else {
			identity.put("identityType", "APP");
			identity.put("appId", sender.path("appId").asText());
		}
		send("wix.crm.inbox.v2.message", "message_sent_to_participant", message.path("id").asText(), body, identity);
	}

	/** Wix merged conversations: conversations_merged. */
	void conversationsMerged(List<String> oldConversationIds, String targetConversationId) {
		ObjectNode body = this.objectMapper.createObjectNode();
		body.set("oldConversationIds", this.objectMapper.valueToTree(oldConversationIds));
		body.put("targetConversationId", targetConversationId);
		ObjectNode identity = this.objectMapper.createObjectNode().put("identityType", "APP").put("appId", this.appId);
		send("wix.crm.inbox.v2.conversation", "conversations_merged", targetConversationId, body, identity);
	}

	private void send(String entityFqdn, String slug, String entityId, ObjectNode body, ObjectNode identity) {
		ObjectNode event = this.objectMapper.createObjectNode();
		event.put("id", UUID.randomUUID().toString());
		event.put("entityFqdn", entityFqdn);
		event.put("slug", slug);
		event.put("entityId", entityId);
		event.put("eventTime", Instant.now(this.clock).toString());
		event.putObject("actionEvent").set("body", body);
		ObjectNode envelope = this.objectMapper.createObjectNode();
		envelope.put("eventType", entityFqdn + "_" + slug);
		envelope.put("instanceId", this.instanceId);
		envelope.put("data", event.toString());
		envelope.put("identity", identity.toString());
		Delivery delivery = new Delivery(event.path("id").asText(), slug, envelope.toString());
		synchronized (this.deliveries) {
			this.deliveries.addFirst(delivery);
			while (this.deliveries.size() > KEPT_DELIVERIES) {
				this.deliveries.removeLast();
			}
		}
		this.sender.execute(() -> attempt(delivery));
	}

	private void attempt(Delivery delivery) {
		String target = target();
		int status;
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(URI.create(target))
				.timeout(ANSWER_WITHIN)
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString(sign(delivery.envelope)))
				.build(), HttpResponse.BodyHandlers.discarding());
			status = response.statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		catch (Exception ex) {
			status = 0;
		}
		int attempts = delivery.answered(status);
		if (status == 200) {
			return;
		}
		List<Duration> delays = this.settings.retryDelays();
		if (attempts <= delays.size()) {
			Duration delay = delays.get(attempts - 1);
			log.info("Sandbox webhook {} ({}) to {} answered {}; trying again in {}", delivery.eventId, delivery.slug,
					target, (status != 0) ? status : "nothing in time", delay);
			this.sender.schedule(() -> attempt(delivery), delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			log.warn("Sandbox webhook {} ({}) to {} gave up after {} attempts", delivery.eventId, delivery.slug, target,
					attempts);
		}
	}

	/** A fresh token per attempt, as each attempt is a new request. */
	String sign(String envelope) {
		Instant now = Instant.now(this.clock);
		JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("data", envelope)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.settings.tokenLifetime())))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		try {
			jwt.sign(new RSASSASigner(this.keys.getPrivate()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("could not sign a sandbox webhook", ex);
		}
		return jwt.serialize();
	}

	/** The webhooks sent, newest first, for the admin view. */
	List<Map<String, Object>> deliveries() {
		synchronized (this.deliveries) {
			List<Map<String, Object>> list = new ArrayList<>();
			this.deliveries.forEach((delivery) -> list.add(delivery.toMap()));
			return list;
		}
	}

	@Override
	public void close() {
		this.sender.shutdownNow();
	}

	private static KeyPair keys(String privateKeyPem) {
		try {
			if (privateKeyPem.isBlank()) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
				generator.initialize(2048);
				return generator.generateKeyPair();
			}
			String base64 = privateKeyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			KeyFactory factory = KeyFactory.getInstance("RSA");
			RSAPrivateKey privateKey = (RSAPrivateKey) factory
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
			RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
			RSAPublicKey publicKey = (RSAPublicKey) factory
				.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
			return new KeyPair(publicKey, privateKey);
		}
		catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalStateException(
					"inbox-sync.sandbox.webhooks.private-key is not an RSA private key in PKCS#8 PEM", ex);
		}
	}

	/** One event's delivery: its attempts and the last answer. */
	private static final class Delivery {

		private final String eventId;

		private final String slug;

		private final String envelope;

		private int attempts;

		private int lastStatus;

		Delivery(String eventId, String slug, String envelope) {
			this.eventId = eventId;
			this.slug = slug;
			this.envelope = envelope;
		}

		synchronized int answered(int status) {
			this.lastStatus = status;
			return ++this.attempts;
		}

		synchronized Map<String, Object> toMap() {
			return Map.of("eventId", this.eventId, "slug", this.slug, "attempts", this.attempts, "lastStatus",
					this.lastStatus);
		}

	}

}

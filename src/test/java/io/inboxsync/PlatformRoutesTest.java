package io.inboxsync;

import java.util.Map;
import java.util.UUID;

import io.inboxsync.source.InboxSink;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform team's route beside inbox-sync's, in the same Camel context: it delivers to
 * Wix Inbox through the sink, and each side's failures stay with its own error handling.
 * The other team's error handling is {@link OtherTeamsErrorHandling}, which Camel applies
 * to every route that does not name its own.
 */
class PlatformRoutesTest extends InboxSyncTestSupport {

	@Autowired
	ProducerTemplate producer;

	@EndpointInject(OtherTeamsErrorHandling.FAILURES)
	MockEndpoint otherTeamsFailures;

	@BeforeEach
	void otherTeamsRoute() throws Exception {
		if (this.camelContext.getRoute("foreign-orders") == null) {
			this.camelContext.addRoutes(new RouteBuilder() {
				@Override
				public void configure() {
					from("direct:foreign-orders").routeId("foreign-orders")
						.choice()
						.when(header("broken").isEqualTo(true))
						.throwException(new IllegalStateException("foreign failure"))
						.end()
						.to("direct:inbox-sync-sink");
				}
			});
		}
		this.otherTeamsFailures.reset();
	}

	@Test
	void anotherTeamsRouteDeliversToWixInboxThroughTheSink() {
		String email = uniqueEmail("platform");
		String contactId = this.wix.createContact(email);
		Map<String, Object> event = Map.of("source", "orders-service", "customer", Map.of("email", email), "message",
				Map.of("kind", "MINIMAL", "text", "Order #1001 shipped", "url",
						"https://shop.example.com/orders/1001"));

		String queuedId = sendThroughTheOtherTeamsRoute(event);

		awaitDelivered("orders-service", queuedId, contactId);
		assertThat(this.wix.messages(contactId).get(0).path("content").path("minimal").path("text").asText())
			.isEqualTo("Order #1001 shipped");
		assertThat(this.otherTeamsFailures.getReceivedCounter()).isZero();
	}

	@Test
	void theOtherTeamsFailuresStayWithTheirErrorHandling() throws Exception {
		long deadLettersBefore = this.api.deadLetters("?limit=1").path("total").asLong();
		this.otherTeamsFailures.expectedMessageCount(2);

		this.producer.sendBodyAndHeader("direct:foreign-orders", Map.of("source", "orders-service"), "broken", true);
		this.producer.sendBodyAndHeader("direct:foreign-orders",
				Map.of("source", "orders-service", "message", Map.of("text", "no customer")), "broken", false);

		this.otherTeamsFailures.assertIsSatisfied();
		assertThat(this.otherTeamsFailures.getExchanges().get(1).getProperty("CamelExceptionCaught", Exception.class))
			.hasMessageContaining("no customer email or phone");
		assertThat(this.api.deadLetters("?limit=1").path("total").asLong()).isEqualTo(deadLettersBefore);
	}

	@Test
	void inboxSyncsFailuresNeverReachTheOtherTeamsErrorHandling() {
		String refusedText = "platform-refused " + UUID.randomUUID();
		String knownEmail = uniqueEmail("refused");
		this.wix.createContact(knownEmail);
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 400, "match", refusedText));

		Api.Reply badPayload = this.api.postJson("chat-tool", Map.of("message", Map.of("text", "no customer")));
		String noContact = eventId(this.api.postJson("chat-tool",
				Map.of("contact", Map.of("email", uniqueEmail("unknown")), "message", Map.of("text", "Hello?"))));
		String refusedByWix = eventId(this.api.postJson("chat-tool",
				Map.of("contact", Map.of("email", knownEmail), "message", Map.of("text", refusedText))));
		String sentByTheOtherTeam = sendThroughTheOtherTeamsRoute(Map.of("source", "orders-service", "customer",
				Map.of("email", uniqueEmail("unknown")), "message", Map.of("text", "Order #1002 shipped")));

		assertThat(badPayload.status()).isEqualTo(400);
		for (String eventId : new String[] { noContact, refusedByWix, sentByTheOtherTeam }) {
			eventually()
				.failFast("an inbox-sync failure reached the other team's error handling",
						() -> this.otherTeamsFailures.getReceivedCounter() > 0)
				.until(() -> this.api.deadLetters("?eventId=" + eventId + "&status=OPEN").path("total").asInt() == 1);
		}
		assertThat(this.otherTeamsFailures.getReceivedCounter()).isZero();
	}

	private String sendThroughTheOtherTeamsRoute(Map<String, Object> event) {
		return this.producer.send("direct:foreign-orders", (exchange) -> exchange.getMessage().setBody(event))
			.getMessage()
			.getHeader(InboxSink.EVENT_ID, String.class);
	}

	private static String eventId(Api.Reply reply) {
		return reply.json().path("eventId").asText();
	}

}

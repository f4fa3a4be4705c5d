package io.inboxsync;

import java.util.Map;

import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform team's route beside inbox-sync's, in the same Camel context: it delivers to Wix Inbox through the sink,
 * and each side's failures stay with its own error handling.
 */
class PlatformRoutesTest extends InboxSyncTestSupport {

	@Autowired
	ProducerTemplate producer;

	@EndpointInject("mock:foreign-failures")
	MockEndpoint foreignFailures;

	@BeforeEach
	void foreignRoutes() throws Exception {
		if (this.camelContext.getRoute("foreign-orders") == null) {
			this.camelContext.addRoutes(new RouteBuilder() {
				@Override
				public void configure() {
					// The platform team's own error handling, as they would write it.
					onException(Exception.class).handled(true).to("mock:foreign-failures");
					from("direct:foreign-orders").routeId("foreign-orders")
						.choice()
						.when(header("broken").isEqualTo(true))
						.throwException(new IllegalStateException("foreign failure"))
						.end()
						.to("direct:inbox-sync-sink");
				}
			});
		}
		this.foreignFailures.reset();
	}

	@Test
	void anotherTeamsRouteDeliversToWixInboxThroughTheSink() {
		String email = uniqueEmail("platform");
		String contactId = this.wix.createContact(email);
		Map<String, Object> event = Map.of("source", "orders-service", "customer", Map.of("email", email), "message",
				Map.of("kind", "MINIMAL", "text", "Order #1001 shipped", "url", "https://shop.example.com/orders/1001"));

		String queuedId = this.producer.send("direct:foreign-orders", (exchange) -> exchange.getMessage().setBody(event))
			.getMessage()
			.getHeader("InboxSyncEventId", String.class);

		awaitDelivered("orders-service", queuedId, contactId);
		assertThat(this.wix.messages(contactId).get(0).path("content").path("minimal").path("text").asText())
			.isEqualTo("Order #1001 shipped");
		assertThat(this.foreignFailures.getReceivedCounter()).isZero();
	}

	@Test
	void theOtherTeamsFailuresStayWithTheirErrorHandling() throws Exception {
		long deadLettersBefore = this.api.deadLetters("?limit=1").path("total").asLong();
		this.foreignFailures.expectedMessageCount(2);

		this.producer.sendBodyAndHeader("direct:foreign-orders", Map.of("source", "orders-service"), "broken", true);
		this.producer.sendBodyAndHeader("direct:foreign-orders",
				Map.of("source", "orders-service", "message", Map.of("text", "no customer")), "broken", false);

		this.foreignFailures.assertIsSatisfied();
		assertThat(this.foreignFailures.getExchanges().get(1).getProperty("CamelExceptionCaught", Exception.class))
			.hasMessageContaining("no customer email or phone");
		assertThat(this.api.deadLetters("?limit=1").path("total").asLong()).isEqualTo(deadLettersBefore);
	}

	@Test
	void inboxSyncsFailuresNeverReachTheOtherTeamsErrorHandling() {
		String eventId = this.api
			.postJson("chat-tool",
					Map.of("contact", Map.of("email", uniqueEmail("unknown")), "message", Map.of("text", "Hello?")))
			.json()
			.path("eventId")
			.asText();

		awaitDeadLetter(eventId);
		assertThat(this.foreignFailures.getReceivedCounter()).isZero();
	}

}

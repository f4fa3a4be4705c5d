package io.inboxsync.delivery;

import java.time.Instant;

import io.inboxsync.deadletter.DeadLetterRecorder;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.InboxEvent.Customer;
import io.inboxsync.event.InboxEvent.Direction;
import io.inboxsync.event.InboxEvent.Message;
import io.inboxsync.event.InboxEvent.MessageKind;
import io.inboxsync.event.InboxEvent.Visibility;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A customer's events keep their order behind a delivery that is retried; no Spring, no broker. */
class CustomerHoldsTest {

	private final DefaultCamelContext camel = new DefaultCamelContext();

	private final CustomerHolds holds = new CustomerHolds();

	@Test
	void parkedEventsLeaveInTheOrderTheyWereParkedEvenWhenSomeWereParkedAgain() {
		Exchange holder = exchange("first");
		this.holds.hold(holder, CustomerHolds.delivery(holder), Instant.now());
		Exchange second = parkedAfterArriving("second");
		Exchange third = parkedAfterArriving("third");
		Exchange fourth = parkedAfterArriving("fourth");

		// The held delivery is retried once more: second and third come back meanwhile and are parked again.
		assertThat(this.holds.mustWait(second)).isTrue();
		this.holds.park(second);
		assertThat(this.holds.mustWait(third)).isTrue();
		this.holds.park(third);
		this.holds.completed(exchange("first"));

		assertThat(this.holds.mustWait(fourth)).as("fourth comes back before second and third").isTrue();
		this.holds.park(fourth);
		assertThat(this.holds.mustWait(second)).isFalse();
		assertThat(this.holds.mustWait(third)).isFalse();
		assertThat(this.holds.mustWait(fourth)).isFalse();
		assertThat(this.holds.mustWait(exchange("fifth"))).as("the hold is over").isFalse();
	}

	private Exchange parkedAfterArriving(String text) {
		Exchange exchange = exchange(text);
		assertThat(this.holds.mustWait(exchange)).isTrue();
		this.holds.park(exchange);
		return exchange;
	}

	private Exchange exchange(String text) {
		Exchange exchange = new DefaultExchange(this.camel);
		InboxEvent event = new InboxEvent(text, "chat-tool", Instant.now(), new Customer("jane@example.com", null, null),
				new Message(MessageKind.BASIC, text, Direction.PARTICIPANT_TO_BUSINESS, Visibility.BUSINESS, null, null,
						null, null),
				null);
		exchange.setProperty(DeadLetterRecorder.EVENT, event);
		exchange.setProperty(DeadLetterRecorder.CONTACT_ID, "contact-1");
		return exchange;
	}

}

package io.inboxsync.delivery;

import java.time.Instant;
import java.util.List;

import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.NoContactPolicy;
import io.inboxsync.wix.ContactLookup;
import io.inboxsync.wix.NoContactException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The lookup stage: one delivery per contact, and the no-contact policy when there is
 * none.
 */
class LookupStageTest {

	private final ContactLookup contacts = mock(ContactLookup.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void anEventBecomesOneDeliveryPerContactInTheirOrder() {
		InboxEvent event = event(null);
		given(this.contacts.findContactIds(event)).willReturn(List.of("c1", "c2"));

		List<Delivery> deliveries = stage(NoContactPolicy.DEAD_LETTER).deliveriesOf(event);

		assertThat(deliveries).extracting(Delivery::contactId).containsExactly("c1", "c2");
		assertThat(deliveries).allSatisfy((delivery) -> {
			assertThat(delivery.event()).isEqualTo(event);
			assertThat(delivery.maybeInWix()).isFalse();
			assertThat(delivery.key()).isEqualTo("chat-tool/e1/" + delivery.contactId());
		});
	}

	@Test
	void byDefaultNoContactFailsWithAMaskedReason() {
		InboxEvent event = event(null);
		given(this.contacts.findContactIds(event)).willReturn(List.of());

		assertThatExceptionOfType(NoContactException.class)
			.isThrownBy(() -> stage(NoContactPolicy.DEAD_LETTER).deliveriesOf(event))
			.withMessage("no Wix contact has the email j***@example.com");
		verify(this.contacts, never()).createContact(event);
	}

	@Test
	void skipDeliversNothingAndCountsTheEventPerSource() {
		InboxEvent event = event(NoContactPolicy.SKIP);
		given(this.contacts.findContactIds(event)).willReturn(List.of());

		List<Delivery> deliveries = stage(NoContactPolicy.DEAD_LETTER).deliveriesOf(event);

		assertThat(deliveries).isEmpty();
		assertThat(this.meters.get("inbox.sync.events.skipped").tag("source", "chat-tool").counter().count())
			.isEqualTo(1.0);
	}

	@Test
	void createContactDeliversToTheNewContact() {
		InboxEvent event = event(null);
		given(this.contacts.findContactIds(event)).willReturn(List.of());
		given(this.contacts.createContact(event)).willReturn("new-contact");

		List<Delivery> deliveries = stage(NoContactPolicy.CREATE_CONTACT).deliveriesOf(event);

		assertThat(deliveries).extracting(Delivery::contactId).containsExactly("new-contact");
	}

	@Test
	void theEventsOwnPolicyWinsOverTheGlobalOne() {
		InboxEvent event = event(NoContactPolicy.DEAD_LETTER);
		given(this.contacts.findContactIds(event)).willReturn(List.of());

		assertThatExceptionOfType(NoContactException.class)
			.isThrownBy(() -> stage(NoContactPolicy.SKIP).deliveriesOf(event));
	}

	private LookupStage stage(NoContactPolicy defaultPolicy) {
		return new LookupStage(this.contacts, defaultPolicy, this.meters);
	}

	private static InboxEvent event(NoContactPolicy onNoContact) {
		return new InboxEvent("e1", "chat-tool", Instant.now(), new InboxEvent.Customer("jane@example.com", null, null),
				new InboxEvent.Message(InboxEvent.MessageKind.BASIC, "Hi", InboxEvent.Direction.PARTICIPANT_TO_BUSINESS,
						InboxEvent.Visibility.BUSINESS, null, null, null, null),
				onNoContact);
	}

}

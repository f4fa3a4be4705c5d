package io.inboxsync.delivery;

import java.util.List;

import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.Masking;
import io.inboxsync.event.NoContactPolicy;
import io.inboxsync.wix.ContactLookup;
import io.inboxsync.wix.NoContactException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The lookup stage: an event becomes one delivery per contact of its customer. When no
 * contact matches, the event's no-contact policy (or the global one) decides: a dead
 * letter, nothing, or a new contact.
 */
@Component("lookupStage")
public class LookupStage {

	private static final Logger log = LoggerFactory.getLogger(LookupStage.class);

	private final ContactLookup contacts;

	private final NoContactPolicy defaultPolicy;

	private final MeterRegistry meters;

	@Autowired
	public LookupStage(ContactLookup contacts, InboxSyncProperties properties, MeterRegistry meters) {
		this(contacts, properties.pipeline().onNoContact(), meters);
	}

	LookupStage(ContactLookup contacts, NoContactPolicy defaultPolicy, MeterRegistry meters) {
		this.contacts = contacts;
		this.defaultPolicy = defaultPolicy;
		this.meters = meters;
	}

	/** The event's deliveries, in its customer's contacts' order. */
	public List<Delivery> deliveriesOf(InboxEvent event) {
		List<String> contactIds = this.contacts.findContactIds(event);
		if (contactIds.isEmpty()) {
			contactIds = whenNoContact(event);
		}
		return contactIds.stream().map((contactId) -> Delivery.of(event, contactId)).toList();
	}

	private List<String> whenNoContact(InboxEvent event) {
		NoContactPolicy policy = (event.onNoContact() != null) ? event.onNoContact() : this.defaultPolicy;
		return switch (policy) {
			case SKIP -> {
				log.warn("Skipped event {} of source {}: no contact matches, and the policy is skip", event.eventId(),
						event.source());
				Counter.builder("inbox.sync.events.skipped")
					.description("Events dropped because no contact matched and the policy is skip")
					.tag("source", event.source())
					.register(this.meters)
					.increment();
				yield List.of();
			}
			case CREATE_CONTACT -> List.of(this.contacts.createContact(event));
			case DEAD_LETTER -> throw new NoContactException(noContactReason(event.customer()));
		};
	}

	private static String noContactReason(InboxEvent.Customer customer) {
		return "no Wix contact has " + ((customer.email() != null) ? "the email " + Masking.email(customer.email())
				: "the phone " + Masking.phone(customer.phone()));
	}

}

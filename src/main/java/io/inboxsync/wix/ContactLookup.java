package io.inboxsync.wix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import com.github.benmanes.caffeine.cache.Cache;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.inboxsync.event.Masking;
import io.inboxsync.event.NoContactPolicy;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Finds the Wix contacts of an event's customer: by email when it has one (any of the contact's emails), otherwise by
 * phone, in E.164 first and then as stored. All pages of matches, since one email can belong to several contacts. The
 * one class that knows how contacts are searched, so a move to Contacts v5 touches only this.
 */
@Component("contactLookup")
public class ContactLookup {

	/** A customer with more contacts than this is a data problem, not a fan-out to follow. */
	static final int MAX_CONTACTS = 1000;

	private final WixClient wix;

	private final int pageSize;

	private final NoContactPolicy defaultPolicy;

	private final Cache<String, List<String>> contactIdsByCustomer;

	public ContactLookup(WixClient wix, InboxSyncProperties properties, MeterRegistry meters) {
		this.wix = wix;
		this.pageSize = properties.pipeline().contactPageSize();
		this.defaultPolicy = properties.pipeline().onNoContact();
		this.contactIdsByCustomer = WixCaches.build("inbox.sync.contacts", properties.cache(),
				properties.cache().contacts(), meters);
	}

	/**
	 * The customer's contact ids, remembered. No match is never remembered, so a contact created in Wix afterwards
	 * is found at the next attempt or replay.
	 */
	public List<String> findContactIds(InboxEvent event) {
		String key = event.customer().key();
		List<String> cached = this.contactIdsByCustomer.getIfPresent(key);
		if (cached != null) {
			return cached;
		}
		List<String> ids = queryContactIds(event.customer());
		if (!ids.isEmpty()) {
			this.contactIdsByCustomer.put(key, ids);
		}
		return ids;
	}

	/** Forgets what was found for this event's customer. */
	public void forget(InboxEvent event) {
		this.contactIdsByCustomer.invalidate(event.customer().key());
	}

	private List<String> queryContactIds(InboxEvent.Customer customer) {
		if (customer.email() != null) {
			List<String> forms = emailForms(customer.email());
			return query((offset) -> this.wix.queryContactsAnyOf("info.emails.email", forms, offset, this.pageSize));
		}
		String e164 = customer.phone().replaceAll("[^+0-9]", "");
		List<String> ids = e164.startsWith("+") ? query("info.phones.e164Phone", e164) : List.of();
		return ids.isEmpty() ? query("info.phones.phone", customer.phone()) : ids;
	}

	/**
	 * The address as received and in lower case (once when they are the same). Whether Wix matches emails
	 * case-insensitively is not documented: asking for both finds a contact stored either way, in the same one call.
	 */
	static List<String> emailForms(String email) {
		String lowerCase = email.toLowerCase(Locale.ROOT);
		return lowerCase.equals(email) ? List.of(email) : List.of(email, lowerCase);
	}

	/** The event's own no-contact policy, or the global one. */
	public String noContactPolicy(InboxEvent event) {
		return ((event.onNoContact() != null) ? event.onNoContact() : this.defaultPolicy).value();
	}

	/** For the {@code dead-letter} policy: fails the event with a reason an operator can act on. */
	public void noContactFound(InboxEvent event) {
		InboxEvent.Customer customer = event.customer();
		throw new NoContactException("no Wix contact has " + ((customer.email() != null)
				? "the email " + Masking.email(customer.email()) : "the phone " + Masking.phone(customer.phone())));
	}

	/** For the {@code create-contact} policy: the new contact, or the one Wix says already has this email or phone. */
	public List<String> createContact(InboxEvent event) {
		List<String> created = List.of(this.wix.createContact(event.customer()));
		this.contactIdsByCustomer.put(event.customer().key(), created);
		return created;
	}

	private List<String> query(String field, String value) {
		return query((offset) -> this.wix.queryContacts(field, value, offset, this.pageSize));
	}

	/** Every page of one query's matches. */
	private List<String> query(IntFunction<WixClient.ContactPage> pageAt) {
		List<String> ids = new ArrayList<>();
		int offset = 0;
		while (ids.size() < MAX_CONTACTS) {
			WixClient.ContactPage page = pageAt.apply(offset);
			ids.addAll(page.ids());
			offset += page.ids().size();
			if (page.ids().size() < this.pageSize || offset >= page.total()) {
				break;
			}
		}
		return ids;
	}

}

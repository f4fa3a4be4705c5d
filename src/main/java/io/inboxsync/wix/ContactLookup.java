package io.inboxsync.wix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import com.github.benmanes.caffeine.cache.Cache;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.InboxEvent;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Finds the Wix contacts of an event's customer: by email when it has one (any of the
 * contact's emails), otherwise by phone, in E.164 first and then as stored. All pages of
 * matches, since one email can belong to several contacts. The one class that knows how
 * contacts are searched, so a move to Contacts v5 touches only this.
 */
@Component("contactLookup")
public class ContactLookup {

	/**
	 * A customer with more contacts than this is a data problem, not a fan-out to follow.
	 */
	static final int MAX_CONTACTS = 1000;

	private final WixClient wix;

	private final int pageSize;

	/** The cache's name, as its metrics show it. */
	public static final String CACHE = "inbox.sync.contacts";

	private final Cache<String, List<String>> contactIdsByCustomer;

	public ContactLookup(WixClient wix, InboxSyncProperties properties, MeterRegistry meters) {
		this.wix = wix;
		this.pageSize = properties.pipeline().contactPageSize();
		this.contactIdsByCustomer = WixCaches.build(CACHE, properties.cache(), properties.cache().contacts(), meters);
	}

	/**
	 * The customer's contact ids, remembered. No match is never remembered, so a contact
	 * created in Wix afterwards is found at the next attempt or replay.
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
	 * The address as received and in lower case (once when they are the same). Whether
	 * Wix matches emails case-insensitively is not documented: asking for both finds a
	 * contact stored either way, in the same one call.
	 */
	static List<String> emailForms(String email) {
		String lowerCase = email.toLowerCase(Locale.ROOT);
		return lowerCase.equals(email) ? List.of(email) : List.of(email, lowerCase);
	}

	/**
	 * The new contact of this event's customer, or the one Wix says already has this
	 * email or phone.
	 */
	public String createContact(InboxEvent event) {
		String created = this.wix.createContact(event.customer());
		this.contactIdsByCustomer.put(event.customer().key(), List.of(created));
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

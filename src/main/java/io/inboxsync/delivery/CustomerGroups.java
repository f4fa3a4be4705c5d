package io.inboxsync.delivery;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.inboxsync.event.InboxEvent;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The intake queue's message groups: one per customer, so that a customer's events are
 * handled one at a time and in order, whichever consumer or instance takes them. A group
 * id is a keyed hash (HMAC-SHA256) of the customer, so no email or phone reaches the
 * broker's headers or its logs. The key is {@code inbox-sync.privacy.customer-key}, or
 * one generated once and kept in the database, so that every instance sharing it makes
 * the same groups.
 */
@Component("customerGroups")
public class CustomerGroups {

	static final String KEY_SETTING = "customer-group-key";

	/**
	 * 128 bits tell customers apart well enough: two sharing a group would only wait for
	 * each other.
	 */
	private static final int HEX_LENGTH = 32;

	private static final Logger log = LoggerFactory.getLogger(CustomerGroups.class);

	private final byte[] key;

	@Autowired
	public CustomerGroups(SharedSettings settings, @Value("${inbox-sync.privacy.customer-key:}") String configuredKey) {
		this(StringUtils.hasText(configuredKey) ? configuredKey : storedKey(settings));
	}

	public CustomerGroups(String key) {
		this.key = key.getBytes(StandardCharsets.UTF_8);
	}

	public String groupOf(InboxEvent.Customer customer) {
		return hash(customer.key());
	}

	String hash(String text) {
		// A Mac per call: one is not safe to share between threads.
		return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, this.key).hmacHex(text).substring(0, HEX_LENGTH);
	}

	private static String storedKey(SharedSettings settings) {
		return settings.getOrCreate(KEY_SETTING, () -> {
			log.info("Customer group key: generated and kept in the database "
					+ "(set inbox-sync.privacy.customer-key to choose one)");
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			return HexFormat.of().formatHex(random);
		});
	}

}

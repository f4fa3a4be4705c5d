package io.inboxsync.wix;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * Checks at startup, with one cheap call (a one-id Query Contacts), that Wix takes the
 * configured credentials, and says plainly why not: in the log and as the health
 * component {@code wix}, instead of every event failing later. The answer is kept and
 * asked again in the background ({@link #refreshIfStale}) at most every
 * {@link #RECHECK_AFTER}: a health request never calls Wix, so neither a slow Wix nor a
 * flood of requests to the public health endpoint holds threads or spends Wix's rate
 * limit, yet a permission granted meanwhile shows up without a restart.
 */
@Component("wixHealthIndicator")
public class WixSignInCheck implements HealthIndicator {

	static final Duration RECHECK_AFTER = Duration.ofMinutes(5);

	private static final Logger log = LoggerFactory.getLogger(WixSignInCheck.class);

	/** Health detail of a check that did not reach Wix. */
	private static final String UNREACHED = "unreached";

	private static final String NO_SUCH_CONTACT = "00000000-0000-0000-0000-000000000000";

	private final WixConnection connection;

	private final WixClient client;

	private final Clock clock = Clock.systemUTC();

	/** Wix's last answer; null when the last check did not reach Wix. */
	private volatile Health last;

	/** The last check's outcome, answered or not. */
	private volatile Health lastChecked;

	private Instant checkedAt = Instant.MIN;

	public WixSignInCheck(WixConnection connection, WixClient client) {
		this.connection = connection;
		this.client = client;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void checkAtStartup() {
		Health health = check();
		String where = this.connection.auth().describe() + " at " + this.connection.baseUrl();
		if (health.getStatus().equals(org.springframework.boot.actuate.health.Status.UP)) {
			log.info("Wix accepts the sign-in: {}", where);
		}
		else {
			log.error("Wix sign-in check failed ({}): {}", where, health.getDetails().get("reason"));
		}
	}

	/** The last check's outcome, without asking Wix and without waiting for a check. */
	@Override
	public Health health() {
		Health checked = this.lastChecked;
		return (checked != null) ? checked
				: Health.unknown().withDetail("reason", "Wix has not been asked yet (it is, once started)").build();
	}

	/**
	 * Asks Wix again when it has not answered yet, or answered longer ago than
	 * {@link #RECHECK_AFTER}.
	 */
	public synchronized void refreshIfStale() {
		if (this.last == null || !this.clock.instant().isBefore(this.checkedAt.plus(RECHECK_AFTER))) {
			check();
		}
	}

	/**
	 * Wix's last answer, without asking it and without waiting for a check under way;
	 * {@code null} until Wix answered one (or when the last check did not reach it).
	 */
	public Health lastAnswer() {
		return this.last;
	}

	/**
	 * Asks Wix now. Only Wix's answer is kept: a call that did not reach Wix (slow to
	 * start, a network blip) spent none of its rate limit and says nothing lasting, so
	 * the next probe asks again.
	 */
	public synchronized Health check() {
		Health health = ask();
		boolean answered = !health.getDetails().containsKey(UNREACHED);
		this.last = answered ? health : null;
		this.lastChecked = health;
		this.checkedAt = this.clock.instant();
		return health;
	}

	private Health ask() {
		WixAuth auth = this.connection.auth();
		Health.Builder health = Health.unknown()
			.withDetail("signIn", auth.describe())
			.withDetail("baseUrl", this.connection.baseUrl())
			.withDetail("sandbox", this.connection.usesSandbox());
		if (auth.misconfiguration() != null) {
			return health.down().withDetail("reason", auth.misconfiguration()).build();
		}
		try {
			this.client.queryContacts("id", NO_SUCH_CONTACT, 0, 1);
			return health.up().build();
		}
		catch (WixApiException ex) {
			return explain(health, ex).withDetail("wixStatus", ex.status()).build();
		}
		catch (WixUnavailableException ex) {
			// Our own pause or pace, not an answer from Wix: the sign-in is neither
			// proven nor refuted.
			return health.unknown()
				.withDetail(UNREACHED, true)
				.withDetail("reason", "Wix was not called: " + ex.getMessage())
				.build();
		}
		catch (ResourceAccessException ex) {
			return health.down()
				.withDetail(UNREACHED, true)
				.withDetail("reason", "Wix could not be reached at " + this.connection.baseUrl() + ": "
						+ ((ex.getMostSpecificCause().getMessage() != null) ? ex.getMostSpecificCause().getMessage()
								: ex.getMostSpecificCause().getClass().getSimpleName()))
				.build();
		}
	}

	/** What an operator should do about each answer; Wix's own words follow. */
	private static Health.Builder explain(Health.Builder health, WixApiException ex) {
		boolean tokenRefused = ex.getMessage().startsWith("Wix answered " + ex.status() + " to POST /oauth2/token")
				&& ex.status() < 500 && ex.status() != 429;
		String reason = tokenRefused
				? "Wix refused the app's credentials: check inbox-sync.wix.app-id, app-secret and instance-id (the app "
						+ "must be installed on the site)"
				: switch (ex.status()) {
					case 401 -> "Wix refused the sign-in (401): the API key is wrong, revoked or expired";
					case 403 -> "Wix denied permission (403): the key or app lacks Read Contacts (and Manage Inbox "
							+ "Messages for sending), or inbox-sync.wix.site-id names a site the key's account does not own";
					case 404 ->
						"Wix answered 404 to Query Contacts: inbox-sync.wix.base-url does not point at Wix's API";
					case 429 -> "Wix's rate limit was reached (429): the sign-in itself may be fine";
					default -> "Wix answered " + ex.status() + " to the check";
				};
		Health.Builder judged = (!tokenRefused && (ex.status() == 429 || ex.status() >= 500)) ? health.unknown()
				: health.down();
		return judged.withDetail("reason", reason + ". " + ex.getMessage());
	}

}

package io.inboxsync.wix;

import java.util.concurrent.TimeUnit;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Health component {@code wixSignIn}, for the readiness group: Wix's last answer to the
 * sign-in check ({@link WixSignInCheck}), never asking Wix during a probe, so a slow Wix
 * cannot time a probe out. A refused sign-in shows as {@link #DEGRADED}, a status the
 * health groups do not count: an instance whose deliveries wait for Wix still takes
 * events onto its durable queue, and taking it out of service would refuse them too.
 */
@Component("wixSignIn")
class WixSignInReport implements HealthIndicator {

	/** Wix refuses the sign-in: events are accepted, deliveries wait. */
	static final Status DEGRADED = new Status("DEGRADED",
			"events are accepted; deliveries wait until Wix accepts " + "the sign-in (see the health component wix)");

	private final WixSignInCheck check;

	WixSignInReport(WixSignInCheck check) {
		this.check = check;
	}

	/**
	 * Keeps the last answer fresh: Wix is asked again every
	 * {@link WixSignInCheck#RECHECK_AFTER}, and within a minute when it was not reached.
	 */
	@Scheduled(initialDelay = 1, fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
	void recheck() {
		this.check.refreshIfStale();
	}

	@Override
	public Health health() {
		Health last = this.check.lastAnswer();
		if (last == null) {
			return Health.unknown().withDetail("reason", "Wix has not answered the sign-in check yet").build();
		}
		Status status = Status.DOWN.equals(last.getStatus()) ? DEGRADED : last.getStatus();
		return Health.status(status).withDetails(last.getDetails()).build();
	}

}

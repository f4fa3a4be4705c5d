package io.inboxsync.wix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.NoContactPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard every Wix call passes: our own pace, and a pause while Wix is down. */
class WixCallGuardTest {

	private final AtomicInteger wixCalls = new AtomicInteger();

	@Test
	void aCallThatComesBeforeItsTurnIsRefusedWithoutCallingWix() {
		WixCallGuard guard = guard(60, Duration.ZERO, 4);

		guard.call(this::wixAnswers);

		assertThatThrownBy(() -> guard.call(this::wixAnswers)).isInstanceOf(WixUnavailableException.class)
			.hasMessageContaining("rate limit");
		assertThat(this.wixCalls).hasValue(1);
	}

	@Test
	void callsWaitForTheirTurnWithinMaxWait() {
		WixCallGuard guard = guard(6000, Duration.ofSeconds(5), 4);

		for (int i = 0; i < 5; i++) {
			guard.call(this::wixAnswers);
		}

		assertThat(this.wixCalls).hasValue(5);
	}

	@Test
	void whileWixIsDownCallsArePausedAndNoneReachesIt() {
		WixCallGuard guard = guard(60000, Duration.ofSeconds(1), 4);
		for (int i = 0; i < 4; i++) {
			assertThatThrownBy(() -> guard.call(this::wixIsDown)).isInstanceOf(WixApiException.class);
		}

		assertThatThrownBy(() -> guard.call(this::wixAnswers)).isInstanceOf(WixUnavailableException.class)
			.hasMessageContaining("paused");
		assertThat(this.wixCalls).hasValue(4);
	}

	@Test
	void refusalsAreNotOutagesAndNeverPauseCalls() {
		WixCallGuard guard = guard(60000, Duration.ofSeconds(1), 4);
		for (int i = 0; i < 8; i++) {
			assertThatThrownBy(() -> guard.call(() -> fail(400))).isInstanceOf(WixApiException.class);
		}

		guard.call(this::wixAnswers);

		assertThat(this.wixCalls).hasValue(9);
	}

	private String wixAnswers() {
		this.wixCalls.incrementAndGet();
		return "ok";
	}

	private String wixIsDown() {
		return fail(503);
	}

	private String fail(int status) {
		this.wixCalls.incrementAndGet();
		throw new WixApiException("POST /inbox/v2/messages", status, MissingNode.getInstance(), null, null);
	}

	private static WixCallGuard guard(int requestsPerMinute, Duration maxWait, int window) {
		InboxSyncProperties settings = settings(requestsPerMinute, maxWait, window);
		return new WixCallGuard(settings, WixPace.inProcess(settings.wix().rateLimit()));
	}

	private static InboxSyncProperties settings(int requestsPerMinute, Duration maxWait, int window) {
		InboxSyncProperties.Wix wix = new InboxSyncProperties.Wix(null, null, null, null, null, null,
				Duration.ofSeconds(1), Duration.ofSeconds(1),
				new InboxSyncProperties.Wix.RateLimit(requestsPerMinute, maxWait),
				new InboxSyncProperties.Wix.CircuitBreaker(50, window, Duration.ofMinutes(1), 1));
		return new InboxSyncProperties(Path.of("."), wix, null,
				new InboxSyncProperties.Webhooks(DataSize.ofMegabytes(1), Duration.ofSeconds(5)),
				new InboxSyncProperties.Pipeline(NoContactPolicy.DEAD_LETTER, 100, 1, "q"), null, null, null, null,
				null, null);
	}

}

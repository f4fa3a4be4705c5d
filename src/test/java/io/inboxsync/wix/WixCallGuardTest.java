package io.inboxsync.wix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.MissingNode;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.event.NoContactPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The guard every Wix call passes: our own pace, and a pause while Wix is down. */
class WixCallGuardTest {

	private final AtomicInteger wixCalls = new AtomicInteger();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void aCallThatComesBeforeItsTurnIsRefusedWithoutCallingWix() {
		WixCallGuard guard = guard(60, Duration.ZERO, 4);

		guard.call("send-message", this::wixAnswers);

		assertThatThrownBy(() -> guard.call("send-message", this::wixAnswers))
			.isInstanceOf(WixUnavailableException.class)
			.hasMessageContaining("rate limit");
		assertThat(this.wixCalls).hasValue(1);
	}

	@Test
	void callsWaitForTheirTurnWithinMaxWait() {
		WixCallGuard guard = guard(6000, Duration.ofSeconds(5), 4);

		for (int i = 0; i < 5; i++) {
			guard.call("send-message", this::wixAnswers);
		}

		assertThat(this.wixCalls).hasValue(5);
	}

	@Test
	void whileWixIsDownCallsArePausedAndNoneReachesIt() {
		WixCallGuard guard = guard(60000, Duration.ofSeconds(1), 4);
		for (int i = 0; i < 4; i++) {
			assertThatThrownBy(() -> guard.call("send-message", this::wixIsDown)).isInstanceOf(WixApiException.class);
		}

		assertThatThrownBy(() -> guard.call("send-message", this::wixAnswers))
			.isInstanceOf(WixUnavailableException.class)
			.hasMessageContaining("paused");
		assertThat(this.wixCalls).hasValue(4);
		assertThat(circuitState("open")).isEqualTo(1);
		assertThat(circuitState("closed")).isZero();
	}

	@Test
	void everyCallIsTimedByOperationAndStatusAndTheWaitForATurnApart() {
		WixCallGuard guard = guard(60000, Duration.ofSeconds(1), 4);

		guard.call("query-contacts", this::wixAnswers);
		assertThatThrownBy(() -> guard.call("send-message", this::wixIsDown)).isInstanceOf(WixApiException.class);
		assertThatThrownBy(() -> guard.call("send-message", () -> {
			throw new ResourceAccessException("Read timed out");
		})).isInstanceOf(ResourceAccessException.class);

		assertThat(calls("query-contacts", "200")).isEqualTo(1);
		assertThat(calls("send-message", "503")).isEqualTo(1);
		assertThat(calls("send-message", "IO_ERROR")).isEqualTo(1);
		assertThat(this.meters.get("inbox.sync.wix.pace.wait").tag("turn", "taken").timer().count()).isEqualTo(3);
		assertThat(this.meters.get("inbox.sync.wix.pace.limit").gauge().value()).isEqualTo(60000);
		assertThat(circuitState("closed")).isEqualTo(1);
	}

	private long calls(String operation, String status) {
		return this.meters.get("inbox.sync.wix.calls")
			.tag("operation", operation)
			.tag("status", status)
			.timer()
			.count();
	}

	private double circuitState(String state) {
		return this.meters.get("inbox.sync.wix.circuit.state").tag("state", state).gauge().value();
	}

	@Test
	void refusalsAreNotOutagesAndNeverPauseCalls() {
		WixCallGuard guard = guard(60000, Duration.ofSeconds(1), 4);
		for (int i = 0; i < 8; i++) {
			assertThatThrownBy(() -> guard.call("send-message", () -> fail(400))).isInstanceOf(WixApiException.class);
		}

		guard.call("send-message", this::wixAnswers);

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

	private WixCallGuard guard(int requestsPerMinute, Duration maxWait, int window) {
		InboxSyncProperties settings = settings(requestsPerMinute, maxWait, window);
		return new WixCallGuard(settings, WixPace.inProcess(settings.wix().rateLimit()), this.meters);
	}

	private static InboxSyncProperties settings(int requestsPerMinute, Duration maxWait, int window) {
		InboxSyncProperties.Wix wix = new InboxSyncProperties.Wix(null, null, null, null, null, null,
				Duration.ofSeconds(1), Duration.ofSeconds(1),
				new InboxSyncProperties.Wix.RateLimit(requestsPerMinute, 1, maxWait),
				new InboxSyncProperties.Wix.CircuitBreaker(50, window, Duration.ofMinutes(1), 1));
		return new InboxSyncProperties(Path.of("."), wix, null,
				new InboxSyncProperties.Webhooks(DataSize.ofMegabytes(1), Duration.ofSeconds(5)),
				new InboxSyncProperties.Pipeline(NoContactPolicy.DEAD_LETTER, 100, 1, "q"), null, null, null, null,
				null, null, null);
	}

}

package io.inboxsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.inboxsync.InboxSyncTestSupport.eventually;
import static io.inboxsync.InboxSyncTestSupport.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accepted events survive a SIGKILL in the middle of delivery: none is lost, none reaches
 * Wix twice, and they arrive in the order they were accepted. inbox-sync runs as a real
 * child process; Wix is a sandbox in another, which outlives the child as the real Wix
 * would.
 */
@RunsBesideTheSuite
class CrashSafetyTest {

	private static final int EVENTS = 30;

	private ChildInboxSync sandbox;

	private SandboxWix wix;

	private ChildInboxSync child;

	@BeforeEach
	void takeTheSandbox() throws IOException {
		this.sandbox = ChildInboxSync.sandbox(Integer.MAX_VALUE);
		this.wix = this.sandbox.wix();
	}

	@AfterEach
	void stopChild() throws InterruptedException {
		if (this.child != null) {
			this.child.kill();
		}
	}

	@Test
	void eventsAcceptedBeforeAKillAreAllDeliveredOnceAndInOrderAfterRestart() throws Exception {
		Path dataDir = Files.createTempDirectory("inbox-sync-crash-");
		int port = ChildInboxSync.freePort();
		String email = uniqueEmail("crash");
		String contactId = this.wix.createContact(email);
		// Slow sends, so the kill lands while deliveries are under way; some fail, so
		// some are being retried.
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 0, "latencyMillis", 150, "match", email));
		this.wix.fault(Map.of("path", "/inbox/v2/messages", "status", 503, "rate", 0.2, "match", "crash-text"));

		this.child = startChild(dataDir, port);
		List<String> accepted = new ArrayList<>();
		for (int i = 0; i < EVENTS; i++) {
			assertThat(this.child.postChat("crash-" + email + "-" + i, email, "crash-text " + i)).isEqualTo(202);
			accepted.add("crash-text " + i);
		}
		eventually().until(() -> this.wix.textsInOrder(contactId).size() >= 3);
		this.child.kill();
		int deliveredBeforeKill = this.wix.textsInOrder(contactId).size();

		this.child = startChild(dataDir, port);

		List<String> arrived = Awaitility.await()
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.wix.textsInOrder(contactId), (texts) -> texts.size() >= EVENTS);
		assertThat(deliveredBeforeKill).isLessThan(EVENTS);
		assertThat(arrived).containsExactlyElementsOf(accepted);
	}

	/** The service as an operator runs it, pointed at the sandbox as its Wix. */
	private ChildInboxSync startChild(Path dataDir, int port) throws Exception {
		return ChildInboxSync.start(dataDir, port, "crash-test-child",
				List.of("inbox-sync.wix.base-url=" + this.sandbox.wixBaseUrl(),
						"inbox-sync.wix.api-key=" + SandboxWix.API_KEY, "inbox-sync.wix.site-id=" + SandboxWix.SITE_ID,
						"inbox-sync.delivery.initial-backoff=50ms", "inbox-sync.wix.read-timeout=2s"));
	}

}

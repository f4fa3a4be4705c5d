package io.inboxsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a Wix that limits the site to 100 calls a minute (the sandbox's limit, with
 * Retry-After) while inbox-sync paces itself far above it, a burst is delivered in order:
 * a third of the sends are answered 429 and wait for the next minute, and every later
 * delivery of the same contact waits behind them. inbox-sync runs as a child process with
 * its own embedded sandbox, limited.
 */
@RunsBesideTheSuite
class RateLimitedOrderTest {

	private static final int EVENTS = 60;

	private ChildInboxSync child;

	@AfterEach
	void stopChild() throws InterruptedException {
		if (this.child != null) {
			this.child.kill();
		}
	}

	@Test
	void aBurstBeyondWixsRateLimitArrivesInOrder() throws Exception {
		this.child = ChildInboxSync.start(Files.createTempDirectory("inbox-sync-rate-"), ChildInboxSync.freePort(),
				"rate-limited-child", List.of("inbox-sync.sandbox.rate-limit.requests-per-minute=100",
						"inbox-sync.wix.rate-limit.requests-per-minute=60000"));
		SandboxWix wix = new SandboxWix("http://localhost:" + this.child.port() + "/wix-sandbox");
		String email = "rate-limited@example.com";
		String first = wix.createContact(email);
		String second = wix.createAnotherContact(email);

		List<String> accepted = new ArrayList<>();
		for (int i = 0; i < EVENTS; i++) {
			assertThat(this.child.postChat("rate-" + i, email, "rate-text " + i)).isEqualTo(202);
			accepted.add("rate-text " + i);
		}

		for (String contactId : List.of(first, second)) {
			// The sandbox's admin view: looking spends none of the site's budget.
			List<String> arrived = Awaitility.await()
				.atMost(Duration.ofSeconds(150))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> wix.textsInOrder(contactId), (texts) -> texts.size() >= EVENTS);
			assertThat(arrived).containsExactlyElementsOf(accepted);
		}
	}

}

package io.inboxsync.wix;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The sign-in check as health shows it: a health request, which anyone may send, never
 * calls Wix; the background recheck does, and asks again soon when Wix was not reached.
 */
class WixSignInCheckTest {

	private final WixConnection connection = mock(WixConnection.class);

	private final WixClient client = mock(WixClient.class);

	private final WixSignInCheck check = new WixSignInCheck(this.connection, this.client);

	WixSignInCheckTest() {
		given(this.connection.auth()).willReturn(new WixAuth.ApiKey("a-key", "a-site"));
		given(this.connection.baseUrl()).willReturn("https://www.wixapis.com");
	}

	@Test
	void healthRequestsShowTheLastCheckWithoutCallingWix() {
		assertThat(this.check.health().getStatus()).isEqualTo(Status.UNKNOWN);
		verifyNoInteractions(this.client);

		this.check.refreshIfStale();
		Health checked = this.check.health();
		this.check.health();

		assertThat(checked.getStatus()).isEqualTo(Status.UP);
		then(this.client).should(times(1)).queryContacts("id", "00000000-0000-0000-0000-000000000000", 0, 1);
	}

	@Test
	void aCheckThatDidNotReachWixIsShownAndAskedAgainAtTheNextRecheck() {
		willThrow(new WixUnavailableException("calls to Wix are paused", null)).given(this.client)
			.queryContacts("id", "00000000-0000-0000-0000-000000000000", 0, 1);

		this.check.refreshIfStale();
		this.check.refreshIfStale();

		assertThat(this.check.health().getDetails().get("reason").toString()).startsWith("Wix was not called");
		assertThat(this.check.lastAnswer()).isNull();
		then(this.client).should(times(2)).queryContacts("id", "00000000-0000-0000-0000-000000000000", 0, 1);
	}

}

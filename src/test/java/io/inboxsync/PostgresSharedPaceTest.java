package io.inboxsync;

import io.inboxsync.wix.WixClient;
import io.inboxsync.wix.WixConnection;
import io.inboxsync.wix.WixPace;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With PostgreSQL, the database several instances can share, the site's pace is kept
 * there and every call to Wix takes its turn from it (how two instances share it:
 * {@code SharedWixPaceTest}).
 */
@OnPostgres
class PostgresSharedPaceTest extends InboxSyncTestSupport {

	@Autowired
	private WixPace pace;

	@Autowired
	private WixConnection connection;

	@Autowired
	private WixClient wixClient;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aCallToWixTakesItsTurnFromTheSitesPaceInTheDatabase() {
		byte[] before = sitesPace();

		this.wixClient.queryContacts("info.emails.email", uniqueEmail("pace"), 0, 1);

		assertThat(this.pace.isShared()).isTrue();
		assertThat(sitesPace()).isNotEqualTo(before);
	}

	private byte[] sitesPace() {
		return this.jdbc.sql("select state from inbox_sync_wix_pace where site = ?")
			.param(this.connection.site())
			.query(byte[].class)
			.single();
	}

}

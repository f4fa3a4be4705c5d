package io.inboxsync.reply;

import java.nio.file.Path;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.inboxsync.H2TestDatabase;
import io.inboxsync.delivery.DeliveryLedgerConfiguration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channels replies go back through, in the database, through a pool of one
 * connection: a lookup that kept its connection would leave the next one none.
 */
class ReplyChannelsTest {

	@TempDir
	Path dataDir;

	private HikariDataSource pool;

	private ReplyChannels channels;

	@BeforeEach
	void migrate() {
		Flyway.configure()
			.dataSource(H2TestDatabase.in(this.dataDir))
			.table("inbox_sync_schema_history")
			.load()
			.migrate();
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl("jdbc:h2:file:" + this.dataDir.resolve("inbox-sync"));
		this.pool.setUsername("sa");
		this.pool.setMaximumPoolSize(1);
		this.pool.setConnectionTimeout(1000);
		this.channels = new ReplyChannels(JdbcClient.create(this.pool),
				DeliveryLedgerConfiguration.ledger(this.pool, ReplyChannels.OWN_MESSAGES));
	}

	@AfterEach
	void close() {
		this.pool.close();
	}

	@Test
	void aConversationsChannelIsFoundAgainAndAgainWithoutHoldingAConnection() {
		this.channels.remember(new ReplyChannels.Channel("contact-1", "conversation-1", "sms", null, "+14155550123"));

		for (int lookup = 0; lookup < 3; lookup++) {
			assertThat(this.channels.ofConversation("conversation-1")).map(ReplyChannels.Channel::phone)
				.contains("+14155550123");
		}
		assertThat(this.channels.ofConversation("conversation-2")).isEmpty();
	}

	@Test
	void theLatestChannelOfAContactWinsAndFollowsAMerge() {
		this.channels.remember(new ReplyChannels.Channel("contact-1", "conversation-1", "sms", null, "+14155550123"));
		this.channels.remember(new ReplyChannels.Channel("contact-1", "conversation-1", "whatsapp", null, "+1415"));

		assertThat(this.channels.followMerge(List.of("conversation-1"), "conversation-9")).isEqualTo(1);

		assertThat(this.channels.ofConversation("conversation-1")).isEmpty();
		assertThat(this.channels.ofConversation("conversation-9")).map(ReplyChannels.Channel::source)
			.contains("whatsapp");
		assertThat(this.channels.ofContact("contact-1")).map(ReplyChannels.Channel::conversationId)
			.contains("conversation-9");
	}

}

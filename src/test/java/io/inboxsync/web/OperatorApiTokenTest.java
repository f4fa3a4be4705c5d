package io.inboxsync.web;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator token is generated only for the single instance of the embedded database;
 * with a database several instances may share, inbox-sync does not start without one
 * configured.
 */
class OperatorApiTokenTest {

	@TempDir
	Path dataDir;

	@Test
	void withTheEmbeddedDatabaseATokenIsGeneratedAndKept() throws Exception {
		OperatorApiToken token = new OperatorApiToken("", this.dataDir,
				"jdbc:h2:file:" + this.dataDir.resolve("inbox-sync"));

		String generated = Files.readString(this.dataDir.resolve("api-token")).trim();
		assertThat(generated).hasSize(64);
		assertThat(token.matches(generated)).isTrue();
		assertThat(new OperatorApiToken(null, this.dataDir, "jdbc:h2:mem:test").matches(generated)).isTrue();
	}

	@Test
	void withASharedDatabaseAMissingTokenStopsTheStartNamingTheSetting() {
		for (String sharedDatabase : new String[] { "jdbc:postgresql://db:5432/inbox_sync",
				"jdbc:h2:tcp://db/inbox-sync" }) {
			assertThatThrownBy(() -> new OperatorApiToken("  ", this.dataDir, sharedDatabase))
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("inbox-sync.api.token")
				.hasMessageContaining("INBOX_SYNC_API_TOKEN")
				.hasMessageNotContaining("db:5432");
		}
		assertThat(this.dataDir.resolve("api-token")).doesNotExist();
	}

	@Test
	void withASharedDatabaseTheConfiguredTokenIsTheOne() throws Exception {
		OperatorApiToken token = new OperatorApiToken("the-shared-token", this.dataDir,
				"jdbc:postgresql://db:5432/inbox_sync");

		assertThat(token.matches("the-shared-token")).isTrue();
		assertThat(token.matches("another-token")).isFalse();
		assertThat(this.dataDir.resolve("api-token")).doesNotExist();
	}

}

package io.inboxsync.delivery;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Settings that every instance sharing the database must agree on, kept in it (table
 * {@code inbox_sync_setting}). The first instance to need one creates it; the others read
 * the same value.
 */
@Repository
@DependsOnDatabaseInitialization
public class SharedSettings {

	private final JdbcClient jdbc;

	public SharedSettings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The setting's value, stored with {@code initial}'s value if it has none yet. Two
	 * instances starting together may both try: the primary key lets one win, and both
	 * return the winner's value.
	 */
	public String getOrCreate(String name, Supplier<String> initial) {
		Optional<String> existing = find(name);
		if (existing.isPresent()) {
			return existing.get();
		}
		try {
			this.jdbc.sql("insert into inbox_sync_setting (name, setting_value) values (?, ?)")
				.params(name, initial.get())
				.update();
		}
		catch (DuplicateKeyException lostTheRace) {
			// Another instance stored it first: its value is the one everybody uses.
		}
		return find(name).orElseThrow();
	}

	private Optional<String> find(String name) {
		return this.jdbc.sql("select setting_value from inbox_sync_setting where name = ?")
			.param(name)
			.query(String.class)
			.optional();
	}

}

package io.inboxsync.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.inboxsync.InboxSyncTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folder several instances watch, as on a network share: here two routes of the same
 * source on one folder, each as an instance runs it, sharing the database's read locks. A
 * file an instance was reading when it died is read again once its lock expires, and the
 * lines it had queued reach Wix once. That each file is read by one instance only is
 * shown with real processes (TwoInstancesTest): two routes in one process share one lock
 * holder, so here one may release a lock the other holds.
 */
class SharedFolderTest extends InboxSyncTestSupport {

	private static final String SOURCE = "shared-bookings";

	private static final List<String> INSTANCES = List.of("inbox-sync-source-shared-bookings-a",
			"inbox-sync-source-shared-bookings-b");

	private static final Path FOLDER = dataDir().resolve("inbox/" + SOURCE);

	@Autowired
	private SourceCompiler compiler;

	@Autowired
	private RunningSources running;

	@Autowired
	private DataSource dataSource;

	@BeforeEach
	void twoInstancesWatchTheFolder() throws Exception {
		if (this.camelContext.getRoute(INSTANCES.get(0)) != null) {
			return;
		}
		SourceDefinition source = this.compiler.compile(SourceFileReader.read("""
				- templatedRoute:
				    routeTemplateRef: inbox-sync-folder-source
				    parameters:
				      - {name: name, value: %s}
				      - {name: folder, value: inbox/%s}
				      - {name: pollDelay, value: "100"}
				      - {name: settleTime, value: "100"}
				      - {name: eventId, value: $.bookingId}
				      - {name: email, value: $.customer.email}
				      - {name: text, value: $.text}
				""".formatted(SOURCE, SOURCE)).get(0), SourceCompiler.Purpose.RUN);
		for (int instance = 0; instance < INSTANCES.size(); instance++) {
			String routeId = INSTANCES.get(instance);
			// Polling at different paces, which also keeps their endpoints apart (Camel
			// refuses two consumers of one endpoint in one process).
			Map<String, Object> parameters = new HashMap<>(source.routeParameters());
			parameters.put("pollDelay", String.valueOf(100 + 50 * instance));
			this.running.add(withRouteId(source, routeId, parameters));
			this.camelContext.addRouteFromTemplate(routeId, source.template(), parameters);
		}
	}

	private static SourceDefinition withRouteId(SourceDefinition source, String routeId,
			Map<String, Object> parameters) {
		return new SourceDefinition(source.name(), routeId, source.template(), parameters, source.mapping(),
				source.webhookChecks(), source.reads());
	}

	@Test
	void aFileWhoseReaderDiedIsReadOnceItsLockExpiresAndWhatWasQueuedReachesWixOnce() throws Exception {
		String email = uniqueEmail("shared-crash");
		String contactId = this.wix.createContact(email);
		// The dead instance had queued the first three lines of the file...
		drop("before-the-crash-" + UUID.randomUUID() + ".jsonl", lines(email, 1, 3));
		awaitDelivered(SOURCE, eventId(email, 3), contactId);
		// ...and left its lock on the file.
		String crashed = "crashed-" + UUID.randomUUID() + ".jsonl";
		new JdbcTemplate(this.dataSource).update(
				"INSERT INTO inbox_sync_folder_lock (processor_name, lock_key, locked_at, locked_by) VALUES (?, ?, ?, ?)",
				FolderReadLocks.PROCESSOR_NAME, SOURCE + "/" + crashed, Timestamp.from(Instant.now()), "dead-instance");

		drop(crashed, lines(email, 1, 6));

		// Not read while the lock is recent: its holder might be reading it still.
		eventually().during(FOLDER_READ_LOCK_EXPIRY.dividedBy(2)).until(() -> Files.exists(FOLDER.resolve(crashed)));
		eventually().until(() -> Files.exists(FOLDER.resolve(".done").resolve(crashed)));
		awaitDelivered(SOURCE, eventId(email, 6), contactId);
		assertThat(this.wix.textsInOrder(contactId)).containsExactly("text 1", "text 2", "text 3", "text 4", "text 5",
				"text 6");
	}

	private static List<String> lines(String email, int first, int last) {
		List<String> lines = new ArrayList<>();
		for (int line = first; line <= last; line++) {
			lines.add("{\"bookingId\": \"" + eventId(email, line) + "\", \"customer\": {\"email\": \"" + email
					+ "\"}, \"text\": \"text " + line + "\"}");
		}
		return lines;
	}

	private static String eventId(String email, int line) {
		return "shared-" + email + "-" + line;
	}

	private static List<Path> listed(Path folder) throws Exception {
		try (var files = Files.list(folder)) {
			return files.filter(Files::isRegularFile).toList();
		}
	}

	/** Written beside the folder, then moved in, as a well-behaved exporter does. */
	private static void drop(String name, List<String> lines) throws Exception {
		Files.createDirectories(FOLDER);
		Path temporary = Files.createTempFile(dataDir(), "export-", ".tmp");
		Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
		Files.move(temporary, FOLDER.resolve(name));
	}

}

package io.inboxsync;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bookings export example (routes/sources/bookings-export.yaml): JSON-lines files
 * dropped into {@code <data dir>/inbox/bookings} become activity lines; a bad line is a
 * dead letter and the others go on.
 */
class FolderSourceTest extends InboxSyncTestSupport {

	private static final Path BOOKINGS = dataDir().resolve("inbox/bookings");

	@Test
	void eachLineOfAJsonLinesFileBecomesAnActivityAndABadLineADeadLetter() throws Exception {
		String jane = uniqueEmail("export-jane");
		String omar = uniqueEmail("export-omar");
		String janeId = this.wix.createContact(jane);
		String omarId = this.wix.createContact(omar);
		String badId = "bk-bad-" + jane;

		drop("bookings-1.jsonl",
				List.of(booking("bk-1-" + jane, jane, "Spa Treatment"),
						"{\"bookingId\": \"" + badId + "\", \"customer\": {}, \"service\": {\"name\": \"Massage\"}}",
						"", "not json " + badId, booking("bk-2-" + omar, omar, "Haircut")));

		JsonNode janes = eventually().until(() -> this.wix.messages(janeId), (messages) -> messages.size() == 1).get(0);
		JsonNode omars = eventually().until(() -> this.wix.messages(omarId), (messages) -> messages.size() == 1).get(0);
		assertThat(janes.path("content").path("minimal").path("text").asText()).isEqualTo("Booked Spa Treatment");
		assertThat(omars.path("content").path("minimal").path("text").asText()).isEqualTo("Booked Haircut");
		assertThat(omars.path("content").path("minimal").path("url").asText())
			.isEqualTo("https://bookings.example.com/bk-2-" + omar);
		eventually().until(() -> Files.exists(BOOKINGS.resolve(".done/bookings-1.jsonl")));
		JsonNode deadLetters = this.api.deadLetters("?limit=500").path("deadLetters");
		assertThat(deadLetters).anySatisfy((deadLetter) -> {
			assertThat(deadLetter.path("event").path("bookingId").asText()).isEqualTo(badId);
			assertThat(deadLetter.path("stage").asText()).isEqualTo("mapping");
			assertThat(deadLetter.path("source").asText()).isEqualTo("bookings-export");
			assertThat(deadLetter.path("reason").asText()).startsWith(
					"source bookings-export, bookings-1.jsonl line 2: the payload has no customer email or phone");
		});
		assertThat(deadLetters).anySatisfy((deadLetter) -> {
			assertThat(deadLetter.path("event").asText()).isEqualTo("not json " + badId);
			assertThat(deadLetter.path("reason").asText())
				.startsWith("source bookings-export, bookings-1.jsonl line 4: the body is not valid JSON");
		});
	}

	/**
	 * Lines are queued a batch at a time (inbox-sync.folders.lines-per-commit, 500): a
	 * bad line in a later batch still names its own line, and the lines after it still
	 * go.
	 */
	@Test
	void aBadLineInALaterBatchNamesItsLineInTheFile() throws Exception {
		String email = uniqueEmail("export-long");
		String contactId = this.wix.createContact(email);
		String badId = "bk-bad-" + email;
		List<String> lines = new ArrayList<>(Collections.nCopies(1_202, ""));
		lines.add("{\"bookingId\": \"" + badId + "\", \"customer\": {}, \"service\": {\"name\": \"Massage\"}}");
		lines.add(booking("bk-long-" + email, email, "Sauna"));

		drop("bookings-long.jsonl", lines);

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Booked Sauna");
		eventually().until(() -> Files.exists(BOOKINGS.resolve(".done/bookings-long.jsonl")));
		assertThat(this.api.deadLetters("?limit=500").path("deadLetters")).anySatisfy((deadLetter) -> {
			assertThat(deadLetter.path("event").path("bookingId").asText()).isEqualTo(badId);
			assertThat(deadLetter.path("reason").asText()).startsWith(
					"source bookings-export, bookings-long.jsonl line 1203: the payload has no customer email or phone");
		});
	}

	@Test
	void aJsonFileIsOneEventAndOneThatCannotBeMappedMovesToErrorWithTheReason() throws Exception {
		String email = uniqueEmail("export-single");
		String contactId = this.wix.createContact(email);

		drop("single.json", List.of(booking("bk-single-" + email, email, "Yoga Class")));
		drop("broken.json", List.of("{\"bookingId\": \"bk-broken\", \"customer\": "));

		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Booked Yoga Class");
		Path reason = BOOKINGS.resolve(".error/broken.json.reason.txt");
		eventually().until(() -> Files.exists(BOOKINGS.resolve(".error/broken.json")) && Files.exists(reason));
		assertThat(Files.readString(reason)).startsWith("the body is not valid JSON");
	}

	@Test
	void aJsonFileTooBigForOneEventMovesToErrorUnreadAndALineTooLongIsADeadLetter() throws Exception {
		String email = uniqueEmail("export-huge");
		String contactId = this.wix.createContact(email);
		String huge = "x".repeat(1024 * 1024);
		String longId = "bk-long-line-" + email;

		drop("huge.json", List.of("{\"bookingId\": \"bk-huge\", \"note\": \"" + huge + "\"}"));
		drop("long-line.jsonl", List.of("{\"bookingId\": \"" + longId + "\", \"note\": \"" + huge + "\"}",
				booking("bk-after-long-" + email, email, "Pedicure")));

		Path reason = BOOKINGS.resolve(".error/huge.json.reason.txt");
		eventually().until(() -> Files.exists(BOOKINGS.resolve(".error/huge.json")) && Files.exists(reason));
		assertThat(Files.readString(reason)).startsWith("the file has ")
			.contains("more than one event may (inbox-sync.folders.max-event-size, 1048576 bytes)");
		JsonNode message = eventually().until(() -> this.wix.messages(contactId), (messages) -> messages.size() == 1)
			.get(0);
		assertThat(message.path("content").path("minimal").path("text").asText()).isEqualTo("Booked Pedicure");
		JsonNode deadLetter = eventually().until(() -> deadLetterOfPayloadStarting("{\"bookingId\": \"" + longId),
				(found) -> found != null);
		assertThat(deadLetter.path("reason").asText())
			.isEqualTo("source bookings-export, long-line.jsonl line 1: the line is longer than 1048576 characters "
					+ "(inbox-sync.folders.max-event-size); its first 1000 are kept");
		assertThat(deadLetter.path("event").asText()).hasSize(1000);
	}

	private JsonNode deadLetterOfPayloadStarting(String start) {
		for (JsonNode deadLetter : this.api.deadLetters("?limit=500").path("deadLetters")) {
			if (deadLetter.path("event").asText().startsWith(start)) {
				return deadLetter;
			}
		}
		return null;
	}

	private static String booking(String bookingId, String email, String service) {
		return "{\"bookingId\": \"" + bookingId
				+ "\", \"createdAt\": \"2026-11-25T09:30:00Z\", \"customer\": {\"email\": \"" + email
				+ "\"}, \"service\": {\"name\": \"" + service + "\"}, \"manageUrl\": \"https://bookings.example.com/"
				+ bookingId + "\"}";
	}

	/** Written beside the folder, then moved in, as a well-behaved exporter does. */
	private static void drop(String name, List<String> lines) throws Exception {
		Files.createDirectories(BOOKINGS);
		Path temporary = Files.createTempFile(dataDir(), "export-", ".tmp");
		Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
		Files.move(temporary, BOOKINGS.resolve(name));
	}

}

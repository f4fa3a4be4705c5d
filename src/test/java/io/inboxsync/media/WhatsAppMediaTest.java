package io.inboxsync.media;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inboxsync.reply.ReplyProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A WhatsApp media id to its bytes: the Graph API describes it, its URL gives the bytes,
 * both with the business's token; what the Graph API refuses is final, its outages are
 * not, and the token goes to no other plain http host.
 */
class WhatsAppMediaTest {

	private static final String TOKEN = "test-token";

	private HttpServer graph;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	@TempDir
	Path dataDir;

	private Path downloads;

	@BeforeEach
	void startGraphApi() throws IOException {
		this.downloads = this.dataDir.resolve("media-downloads");
		this.graph = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
		this.graph.createContext("/", this::answer);
		this.graph.start();
	}

	@AfterEach
	void stopGraphApi() {
		this.graph.stop(0);
	}

	@Test
	void theMediaIsDescribedThenDownloadedWithTheTokenToAFileGoneOnceClosed() throws Exception {
		this.answers.put("/v21.0/4711", json(200, "{\"url\": \"" + graphUrl() + "/download/4711\", "
				+ "\"mime_type\": \"image/jpeg\", \"file_size\": 5, \"id\": \"4711\"}"));
		this.answers.put("/download/4711", new Answer(200, "image/jpeg", "bytes".getBytes(StandardCharsets.UTF_8)));

		Path file;
		try (WhatsAppMedia.Download download = whatsAppMedia(TOKEN).download("4711", null)) {
			file = download.file();
			assertThat(file).hasContent("bytes");
			assertThat(download.mimeType()).isEqualTo("image/jpeg");
		}

		assertThat(file).doesNotExist();
		assertThat(this.authorizations).containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN);
	}

	@Test
	void aDownloadLargerThanItsDescriptionSaidIsCutOffAndRefusedAndLeavesNoFile() throws Exception {
		this.answers.put("/v21.0/big", json(200, "{\"url\": \"" + graphUrl() + "/download/big\", "
				+ "\"mime_type\": \"video/mp4\", \"file_size\": 5, \"id\": \"big\"}"));
		this.answers.put("/download/big", new Answer(200, "video/mp4", new byte[(int) WhatsAppMedia.MAX_BYTES + 1]));

		assertThatExceptionOfType(MediaFetchException.class)
			.isThrownBy(() -> whatsAppMedia(TOKEN).download("big", null))
			.withMessage("WhatsApp media big is larger than 25 MB")
			.matches((failure) -> !failure.retryable());
		try (var left = Files.list(this.downloads)) {
			assertThat(left).isEmpty();
		}
	}

	@Test
	void downloadsLeftBehindByAnEarlierRunAreDeletedAtStart() throws Exception {
		Path leftBehind = Files.createDirectories(this.downloads).resolve("whatsapp-1.media");
		Files.writeString(leftBehind, "a customer's document");

		whatsAppMedia(TOKEN);

		assertThat(leftBehind).doesNotExist();
	}

	@Test
	void anExpiredMediaIdIsFinalAndAnOutageIsRetried() {
		this.answers.put("/v21.0/1", json(400, "{\"error\": {\"message\": \"Invalid media id\"}}"));
		this.answers.put("/v21.0/2", json(503, "{}"));

		assertThatExceptionOfType(MediaFetchException.class)
			.isThrownBy(() -> whatsAppMedia(TOKEN).download("1", "image/jpeg"))
			.withMessage("WhatsApp media 1: the channel answered 400")
			.matches((failure) -> !failure.retryable());
		assertThatExceptionOfType(MediaFetchException.class)
			.isThrownBy(() -> whatsAppMedia(TOKEN).download("2", "image/jpeg"))
			.matches(MediaFetchException::retryable);
	}

	@Test
	void withoutATokenNothingIsCalledAndTheReasonNamesTheSetting() {
		assertThatExceptionOfType(MediaFetchException.class)
			.isThrownBy(() -> whatsAppMedia("").download("4711", "image/jpeg"))
			.withMessage("WhatsApp media 4711 cannot be fetched: set inbox-sync.replies.whatsapp.access-token")
			.matches((failure) -> !failure.retryable());
		assertThat(this.authorizations).isEmpty();
	}

	@Test
	void theTokenGoesToNoPlainHttpUrlOfAnotherHost() {
		this.answers.put("/v21.0/4711",
				json(200, "{\"url\": \"http://media.example.com/4711\", \"mime_type\": \"image/jpeg\"}"));

		assertThatExceptionOfType(MediaFetchException.class)
			.isThrownBy(() -> whatsAppMedia(TOKEN).download("4711", null))
			.withMessage("WhatsApp media 4711: the Graph API answered no https URL to fetch it from");
		assertThat(this.authorizations).hasSize(1);
	}

	private WhatsAppMedia whatsAppMedia(String token) {
		return new WhatsAppMedia(new ReplyProperties.WhatsApp(graphUrl() + "/v21.0", "106540352242922", token),
				Duration.ofSeconds(5), new ObjectMapper(), this.downloads);
	}

	private String graphUrl() {
		return "http://localhost:" + this.graph.getAddress().getPort();
	}

	private void answer(HttpExchange exchange) throws IOException {
		this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
		Answer answer = this.answers.getOrDefault(exchange.getRequestURI().getPath(), json(404, "{}"));
		exchange.getResponseHeaders().add("Content-Type", answer.contentType());
		exchange.sendResponseHeaders(answer.status(), answer.body().length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(answer.body());
		}
	}

	private static Answer json(int status, String body) {
		return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
	}

	private record Answer(int status, String contentType, byte[] body) {
	}

}

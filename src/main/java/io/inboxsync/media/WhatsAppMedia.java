package io.inboxsync.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inboxsync.config.InboxSyncProperties;
import io.inboxsync.reply.ReplyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.StringUtils;

/**
 * A customer's WhatsApp media, which WhatsApp's webhooks name by id: the Graph API's
 * {@code GET <api-url>/<media id>} answers a short-lived URL (and the type and size), and
 * a GET of that URL answers the bytes; both need the business's access token. The token
 * and the Graph API are the WhatsApp reply sink's
 * ({@code inbox-sync.replies.whatsapp.*}), and the token goes nowhere else than the Graph
 * API's host or an https URL it answers.
 */
@Component
public class WhatsAppMedia {

	static final String ACCESS_TOKEN = "inbox-sync.replies.whatsapp.access-token";

	/**
	 * What is held in memory on its way to Wix; WhatsApp allows documents up to 100 MB,
	 * and Wix asks for a resumable upload past 10 MB, which this does not do.
	 */
	static final long MAX_BYTES = 25L * 1024 * 1024;

	private static final Logger log = LoggerFactory.getLogger(WhatsAppMedia.class);

	private final ReplyProperties.WhatsApp whatsApp;

	private final Duration timeout;

	private final ObjectMapper objectMapper;

	private final HttpClient http;

	/**
	 * Where downloads wait for their upload: under the data dir, emptied at startup, so a
	 * customer's document left by a crash does not outlive the next start.
	 */
	private final Path downloads;

	@Autowired
	public WhatsAppMedia(ReplyProperties replies, ObjectMapper objectMapper, InboxSyncProperties properties) {
		this(replies.whatsapp(), replies.timeout(), objectMapper, properties.dataDir().resolve("media-downloads"));
	}

	WhatsAppMedia(ReplyProperties.WhatsApp whatsApp, Duration timeout, ObjectMapper objectMapper, Path downloads) {
		this.whatsApp = whatsApp;
		this.timeout = timeout;
		this.objectMapper = objectMapper;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
		this.downloads = downloads;
		FileSystemUtils.deleteRecursively(downloads.toFile());
	}

	/** The media's bytes and type (WhatsApp's, or the given one when it says none). */
	public Download download(String mediaId, String mimeType) {
		if (!StringUtils.hasText(this.whatsApp.accessToken())) {
			throw MediaFetchException.refused("WhatsApp media " + mediaId + " cannot be fetched: set " + ACCESS_TOKEN);
		}
		String what = "WhatsApp media " + mediaId;
		URI graph = URI
			.create(stripSlash(this.whatsApp.apiUrl()) + "/" + URLEncoder.encode(mediaId, StandardCharsets.UTF_8));
		JsonNode described = describe(what, graph);
		if (described.path("file_size").asLong(0) > MAX_BYTES) {
			throw MediaFetchException.refused(what + " is larger than " + (MAX_BYTES / (1024 * 1024)) + " MB");
		}
		URI file = fileUrl(what, described.path("url").asText(""), graph);
		Path downloaded = saved(what, file);
		String type = described.path("mime_type").asText(null);
		return new Download(downloaded, StringUtils.hasText(type) ? type.toLowerCase(Locale.ROOT) : mimeType);
	}

	private JsonNode describe(String what, URI graph) {
		HttpResponse<InputStream> answer = get(what, graph);
		try (InputStream body = answer.body()) {
			return this.objectMapper.readTree(body.readNBytes(64 * 1024));
		}
		catch (IOException ex) {
			throw MediaFetchException.unreachable(what, "its description could not be read");
		}
	}

	/**
	 * The URL the Graph API answered, if the token may go there: https, or the Graph
	 * API's own scheme and host.
	 */
	private static URI fileUrl(String what, String url, URI graph) {
		URI file;
		try {
			file = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			file = null;
		}
		boolean sameHost = file != null && graph.getScheme().equals(file.getScheme())
				&& graph.getAuthority().equals(file.getAuthority());
		if (file == null || !(sameHost || "https".equals(file.getScheme()))) {
			throw MediaFetchException.refused(what + ": the Graph API answered no https URL to fetch it from");
		}
		return file;
	}

	/**
	 * The file, streamed to a temporary file: several customers' documents at once never
	 * sit in memory.
	 */
	private Path saved(String what, URI file) {
		HttpResponse<InputStream> answer = get(what, file);
		Path saved = null;
		try (InputStream body = answer.body()) {
			saved = Files.createTempFile(Files.createDirectories(this.downloads), "whatsapp-", ".media");
			try (OutputStream out = Files.newOutputStream(saved)) {
				byte[] buffer = new byte[64 * 1024];
				long size = 0;
				for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
					size += read;
					if (size > MAX_BYTES) {
						throw MediaFetchException
							.refused(what + " is larger than " + (MAX_BYTES / (1024 * 1024)) + " MB");
					}
					out.write(buffer, 0, read);
				}
			}
			return saved;
		}
		catch (MediaFetchException ex) {
			deleteQuietly(saved);
			throw ex;
		}
		catch (IOException ex) {
			deleteQuietly(saved);
			throw MediaFetchException.unreachable(what, "the download broke off");
		}
	}

	private static void deleteQuietly(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				log.warn("Could not delete the temporary file {}: {}", file, ex.toString());
			}
		}
	}

	private HttpResponse<InputStream> get(String what, URI uri) {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.timeout)
			.header("Authorization", "Bearer " + this.whatsApp.accessToken())
			.GET()
			.build();
		HttpResponse<InputStream> answer;
		try {
			answer = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpTimeoutException ex) {
			throw MediaFetchException.unreachable(what, "no answer within " + this.timeout);
		}
		catch (IOException ex) {
			throw MediaFetchException.unreachable(what, ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw MediaFetchException.unreachable(what, "interrupted");
		}
		if (answer.statusCode() != 200) {
			try (InputStream ignored = answer.body()) {
				throw MediaFetchException.answered(what, answer.statusCode(),
						answer.headers().firstValue("Retry-After").orElse(null));
			}
			catch (IOException ex) {
				throw MediaFetchException.answered(what, answer.statusCode(), null);
			}
		}
		return answer;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/**
	 * A media's file, downloaded, and its type ({@code null} when neither WhatsApp nor
	 * the event says). Closing it deletes the file.
	 */
	public record Download(Path file, String mimeType) implements AutoCloseable {

		@Override
		public void close() {
			deleteQuietly(this.file);
		}

	}

}

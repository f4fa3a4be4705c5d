package io.inboxsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox site's media (its Media Manager, for Inbox): files uploaded through an
 * upload URL or imported from a web URL, kept in memory and served at the sandbox's media
 * URLs ({@value SandboxPaths#MEDIA_FILES}), as Wix serves its files at
 * {@code static.wixstatic.com}. Also the sandbox's rule for the media URLs Send Message
 * takes ({@link #takesMediaUrl}).
 */
class SandboxMedia {

	/** What one file may weigh here; Wix's own limits are larger. */
	static final int MAX_BYTES = 25 * 1024 * 1024;

	private static final Pattern FILE_PATH = Pattern
		.compile(Pattern.quote(SandboxPaths.MEDIA_FILES) + "/([0-9a-f-]{36})(?:/.*)?");

	private final Map<String, File> files = new ConcurrentHashMap<>();

	/**
	 * Upload URLs generated and not used yet, by their token: the file's name and type.
	 */
	private final Map<String, File> uploads = new ConcurrentHashMap<>();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NORMAL)
		.build();

	/**
	 * The sandbox's rule for Send Message's {@code INVALID_MEDIA_URL}, kept here alone
	 * since Wix documents none: an image or file URL is taken when it is one of this
	 * site's media files, or any https URL; a plain http URL is refused (Wix's pages are
	 * https only). What Wix really refuses is not known: inbox-sync answers either way by
	 * importing the file into the site's media.
	 * @param contextPath the web application's context path, which the media URLs hold
	 */
	boolean takesMediaUrl(String url, String contextPath) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return "https".equalsIgnoreCase(uri.getScheme()) || fileAt(uri, contextPath).isPresent();
	}

	/** A new upload URL's token, for a file of this name and type. */
	String newUpload(String fileName, String mimeType) {
		String token = UUID.randomUUID().toString();
		this.uploads.put(token, new File(null, fileName, mimeType, null, null));
		return token;
	}

	/**
	 * The file an upload URL receives, once: an upload URL takes one file.
	 * @param fileName the {@code filename} query parameter, or {@code null} for the name
	 * given when the URL was generated
	 */
	Optional<File> upload(String token, String fileName, String mimeType, byte[] bytes) {
		File upload = this.uploads.remove(token);
		if (upload == null) {
			return Optional.empty();
		}
		String name = (fileName != null && !fileName.isBlank()) ? fileName : upload.displayName();
		String type = (mimeType != null && !mimeType.isBlank()) ? mimeType : upload.mimeType();
		return Optional.of(store(name, type, bytes));
	}

	/**
	 * Fetches a web URL, as Wix's Import File does (no credentials, redirects followed),
	 * and keeps the file; empty when it could not be fetched.
	 */
	Optional<File> importFrom(String url, String displayName, String mimeType) {
		HttpResponse<InputStream> answer;
		try {
			answer = this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException | IllegalArgumentException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		try (InputStream body = answer.body()) {
			if (answer.statusCode() != 200) {
				return Optional.empty();
			}
			byte[] bytes = body.readNBytes(MAX_BYTES + 1);
			if (bytes.length > MAX_BYTES) {
				return Optional.empty();
			}
			String type = (mimeType != null) ? mimeType
					: answer.headers().firstValue("Content-Type").orElse("application/octet-stream");
			String name = (displayName != null) ? displayName : lastSegment(url);
			return Optional.of(store(name, type, bytes));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** A file of this site's media, by its id. */
	Optional<File> file(String id) {
		return Optional.ofNullable(this.files.get(id));
	}

	private Optional<File> fileAt(URI uri, String contextPath) {
		String path = uri.getPath();
		if (path == null || !path.startsWith(contextPath)) {
			return Optional.empty();
		}
		Matcher matcher = FILE_PATH.matcher(path.substring(contextPath.length()));
		return matcher.matches() ? file(matcher.group(1)) : Optional.empty();
	}

	private File store(String displayName, String mimeType, byte[] bytes) {
		File file = new File(UUID.randomUUID().toString(), displayName, mimeType, bytes, Instant.now());
		this.files.put(file.id(), file);
		return file;
	}

	private static String lastSegment(String url) {
		String path = URI.create(url).getPath();
		String name = (path != null) ? path.substring(path.lastIndexOf('/') + 1) : "";
		return name.isBlank() ? "file" : name;
	}

	/** A file of the site's media; {@code bytes} is {@code null} until uploaded. */
	record File(String id, String displayName, String mimeType, byte[] bytes, Instant createdAt) {

		/** Wix's media type of the file. */
		String mediaType() {
			String type = (this.mimeType != null) ? this.mimeType.toLowerCase(Locale.ROOT) : "";
			if (type.startsWith("image/")) {
				return "IMAGE";
			}
			if (type.startsWith("video/")) {
				return "VIDEO";
			}
			if (type.startsWith("audio/")) {
				return "AUDIO";
			}
			return "DOCUMENT";
		}

	}

}

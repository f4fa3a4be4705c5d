package io.inboxsync.wix;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Wix's Communication Channels Media API: files put into the site's Media Manager for use
 * in Inbox messages, which Send Message takes when it takes no other URL. Bytes only
 * inbox-sync can fetch are uploaded (Generate File Upload URL, then a PUT of the bytes to
 * the URL it answers); a file at a public URL is imported (Import File: Wix fetches it).
 * Calls go through {@link WixClient}, so they are signed in, paced, guarded and measured
 * like every other call to Wix.
 */
@Component
public class WixMedia {

	/** Send Message's error for a media URL it will not take. */
	public static final String INVALID_MEDIA_URL = "INVALID_MEDIA_URL";

	/** The calls' names in metrics ({@code operation}). */
	static final String GENERATE_UPLOAD_URL = "generate-file-upload-url";

	static final String UPLOAD_FILE = "upload-file";

	static final String IMPORT_FILE = "import-file";

	static final String UPLOAD_URL_PATH = "/communication-channels-media/v1/upload-url";

	static final String IMPORT_FILE_PATH = "/communication-channels-media/v1/import-file";

	/** An import Wix could not complete (the file could not be fetched, say). */
	static final String FAILED = "FAILED";

	private static final String ANY_BYTES = "application/octet-stream";

	private final WixClient client;

	public WixMedia(WixClient client) {
		this.client = client;
	}

	/** Whether Send Message refused a message for one of its media URLs. */
	public static boolean refusedMediaUrl(WixApiException failure) {
		return failure.status() == 400 && INVALID_MEDIA_URL
			.equals(failure.body().path("details").path("applicationError").path("code").asText(null));
	}

	/**
	 * Uploads a file into the site's media, streamed from disk.
	 * @param mimeType their type, or {@code null} for Wix to tell from the file name
	 * @param fileName the name shown in the Media Manager, with its extension
	 */
	public SiteFile upload(Path file, String mimeType, String fileName) {
		String type = StringUtils.hasText(mimeType) ? mimeType : ANY_BYTES;
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("mimeType", type);
		request.put("fileName", fileName);
		String uploadUrl = this.client.call(GENERATE_UPLOAD_URL, HttpMethod.POST, UPLOAD_URL_PATH, request)
			.path("uploadUrl")
			.asText("");
		if (uploadUrl.isEmpty()) {
			throw new IllegalStateException("Wix's Generate File Upload URL answered no uploadUrl");
		}
		URI target = UriComponentsBuilder.fromUriString(uploadUrl)
			.queryParam("filename", fileName)
			.encode()
			.build()
			.toUri();
		return SiteFile.of(this.client.upload(UPLOAD_FILE, target, type, file).path("file"));
	}

	/**
	 * Asks Wix to import the file at a public URL into the site's media. The answer may
	 * say the import failed ({@link SiteFile#failed()}).
	 * @param mimeType its type, or {@code null} for Wix to tell from the URL or the host
	 * @param displayName the name shown in the Media Manager, or {@code null}
	 */
	public SiteFile importFile(String url, String mimeType, String displayName) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("url", url);
		if (StringUtils.hasText(mimeType)) {
			request.put("mimeType", mimeType);
		}
		if (StringUtils.hasText(displayName)) {
			request.put("displayName", displayName);
		}
		return SiteFile.of(this.client.call(IMPORT_FILE, HttpMethod.POST, IMPORT_FILE_PATH, request).path("file"));
	}

	/**
	 * A file of the site's media, as Wix describes it.
	 *
	 * @param id Wix's id of the file
	 * @param url where it is served ({@code static.wixstatic.com}): what a message's
	 * image or file item takes
	 * @param operationStatus {@code READY}, {@code PENDING} (still being processed) or
	 * {@link #FAILED}
	 */
	public record SiteFile(String id, String url, String operationStatus) {

		static SiteFile of(JsonNode file) {
			return new SiteFile(file.path("id").asText(null), file.path("url").asText(null),
					file.path("operationStatus").asText(null));
		}

		/** Wix has no file to show: it said the import failed, or gave no URL. */
		public boolean failed() {
			return FAILED.equals(this.operationStatus) || !StringUtils.hasText(this.url);
		}

	}

}

package io.inboxsync.sandbox;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Wix's Communication Channels Media API as the sandbox plays it: Generate File Upload
 * URL and Import File at Wix's paths (signed in and held to the contract like every Wix
 * call), the upload URL it generates (a PUT of the bytes, signed by the token in the URL,
 * as Wix's upload service takes it) and the files, served where the answers say.
 */
@RestController
@ConditionalOnWixSandbox
@RequestMapping(SandboxPaths.PATH)
class SandboxMediaController {

	private static final Logger log = LoggerFactory.getLogger(SandboxMediaController.class);

	private final SandboxMedia media;

	private final ObjectMapper objectMapper;

	SandboxMediaController(SandboxMedia media, ObjectMapper objectMapper) {
		this.media = media;
		this.objectMapper = objectMapper;
	}

	@PostMapping("/communication-channels-media/v1/upload-url")
	ObjectNode generateFileUploadUrl(@RequestBody JsonNode request) {
		String token = this.media.newUpload(request.path("fileName").asText(null),
				request.path("mimeType").asText(null));
		ObjectNode response = this.objectMapper.createObjectNode();
		response.put("uploadUrl", url(SandboxPaths.MEDIA_UPLOADS + "/" + token));
		return response;
	}

	/**
	 * Wix answers the file at once; its processing is still PENDING, here it is READY. A
	 * URL that cannot be fetched is a FAILED import.
	 */
	@PostMapping("/communication-channels-media/v1/import-file")
	ObjectNode importFile(@RequestBody JsonNode request) {
		String url = request.path("url").asText();
		ObjectNode response = this.objectMapper.createObjectNode();
		this.media.importFrom(url, request.path("displayName").asText(null), request.path("mimeType").asText(null))
			.ifPresentOrElse((file) -> response.set("file", describe(file)), () -> {
				ObjectNode failed = response.putObject("file");
				failed.put("displayName", request.path("displayName").asText(""));
				failed.put("operationStatus", "FAILED");
			});
		return response;
	}

	@PutMapping(SandboxPaths.UPLOADS + "/{token}")
	ObjectNode upload(@PathVariable String token, @RequestParam(name = "filename", required = false) String filename,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
			@RequestBody(required = false) byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			throw WixError.application(400, "EMPTY_FILE", "the upload holds no file");
		}
		if (bytes.length > SandboxMedia.MAX_BYTES) {
			throw WixError.application(413, "FILE_TOO_LARGE", "the file is larger than the sandbox keeps");
		}
		SandboxMedia.File file = this.media.upload(token, filename, contentType, bytes)
			.orElseThrow(() -> WixError.application(404, "UPLOAD_URL_NOT_FOUND",
					"the upload URL is unknown or was used already"));
		ObjectNode response = this.objectMapper.createObjectNode();
		response.set("file", describe(file));
		return response;
	}

	@GetMapping(SandboxPaths.FILES + "/{id}/{name}")
	ResponseEntity<byte[]> file(@PathVariable String id, @PathVariable String name) {
		return this.media.file(id)
			.map((file) -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(file.mimeType()))
				.header(HttpHeaders.CACHE_CONTROL, "max-age=3600")
				.body(file.bytes()))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

	/** A file as Wix describes it in the Media Manager. */
	private ObjectNode describe(SandboxMedia.File file) {
		ObjectNode described = this.objectMapper.createObjectNode();
		described.put("id", file.id());
		described.put("displayName", file.displayName());
		described.put("url", url(SandboxPaths.MEDIA_FILES + "/" + file.id() + "/" + urlSafe(file.displayName())));
		described.put("mediaType", file.mediaType());
		described.put("sizeInBytes", Integer.toString(file.bytes().length));
		described.put("operationStatus", "READY");
		described.put("private", false);
		described.put("createdDate", file.createdAt().toString());
		return described;
	}

	/** A file name as one path segment: its name is shown, its id finds it. */
	private static String urlSafe(String name) {
		String safe = (name != null) ? name.replaceAll("[^A-Za-z0-9._-]", "_") : "";
		return safe.isEmpty() ? "file" : safe;
	}

	/** A URL of this sandbox, as its caller reached it. */
	private static String url(String path) {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).build().toUriString();
	}

	@ExceptionHandler(WixError.class)
	ResponseEntity<Map<String, Object>> wixError(WixError error) {
		return ResponseEntity.status(error.status()).body(error.body());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> unexpected(Exception ex) {
		log.error("The Wix sandbox failed on a media request", ex);
		return wixError(WixError.server(500));
	}

}

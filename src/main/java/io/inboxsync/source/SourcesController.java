package io.inboxsync.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import io.inboxsync.web.ErrorBody;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The integration engineer's view of the sources: which files run and why one does not,
 * and dry runs that show the event a sample payload would become (for a running source,
 * or for a source file not yet live), with nothing queued and nothing sent to Wix.
 */
@RestController
@RequestMapping("/api/sources")
class SourcesController {

	private final SourceFolder sourceFolder;

	private final SourceDryRun dryRun;

	SourcesController(SourceFolder sourceFolder, SourceDryRun dryRun) {
		this.sourceFolder = sourceFolder;
		this.dryRun = dryRun;
	}

	/**
	 * The event a source file that is not live yet would make of a sample payload: the
	 * file's first source gives the mapping. The file is read as data and checked as if
	 * it were loaded, but nothing is loaded, queued or sent, no secret is resolved, and
	 * the mapping reads the sample only. Multipart: {@code source} is the file,
	 * {@code payload} the sample with its content type (JSON, or form-encoded for a
	 * webhook).
	 */
	@PostMapping(path = "/dry-run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<?> dryRunFile(@RequestPart("source") MultipartFile file,
			@RequestPart("payload") MultipartFile payload) throws IOException {
		try {
			return answer(this.dryRun.ofFile(new String(file.getBytes(), StandardCharsets.UTF_8),
					new String(payload.getBytes(), StandardCharsets.UTF_8), payload.getContentType()));
		}
		catch (SourceFileException ex) {
			return ResponseEntity.status(422).body(ErrorBody.of(422, ex.describe(fileName(file))));
		}
	}

	@GetMapping
	Map<String, Object> list() {
		return Map.of("folder", this.sourceFolder.folder().toString(), "files", this.sourceFolder.status());
	}

	/**
	 * The event the running source {@code name} would make of this payload (JSON, or
	 * form-encoded for a webhook; one line of a JSON-lines file), why it would ignore it,
	 * or the 4xx and reason it would refuse it with. Signatures are not checked.
	 */
	@PostMapping("/{name}/dry-run")
	ResponseEntity<?> dryRun(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
			@RequestBody(required = false) String payload) {
		return this.dryRun.ofRunning(name, payload, contentType)
			.<ResponseEntity<?>>map(SourcesController::answer)
			.orElseGet(() -> ResponseEntity.status(404).body(ErrorBody.of(404, "no source of that name is running")));
	}

	private static ResponseEntity<?> answer(SourceDryRun.Result result) {
		if (result.event() != null) {
			return ResponseEntity.ok(Map.of("routeId", result.routeId(), "event", result.event()));
		}
		if (result.ignored() != null) {
			return ResponseEntity.ok(Map.of("routeId", result.routeId(), "ignored", result.ignored()));
		}
		int status = result.refused().httpStatus();
		return ResponseEntity.status(status).body(ErrorBody.of(status, result.refused().getMessage()));
	}

	private static String fileName(MultipartFile file) {
		String name = file.getOriginalFilename();
		String safe = (name != null) ? Path.of(name.replaceAll("[^A-Za-z0-9._/-]", "_")).getFileName().toString() : "";
		return safe.isBlank() ? "source.yaml" : safe;
	}

}

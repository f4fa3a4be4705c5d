package io.inboxsync.deadletter;

import io.inboxsync.web.ErrorBody;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator's view of the dead letters, newest failure first. */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {

	private static final int MAX_LIMIT = 500;

	private final DeadLetterStore store;

	DeadLetterController(DeadLetterStore store) {
		this.store = store;
	}

	@GetMapping
	ResponseEntity<?> list(@RequestParam(required = false) DeadLetter.Status status,
			@RequestParam(required = false) String source, @RequestParam(required = false) String eventId,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
			return ResponseEntity.badRequest()
				.body(ErrorBody.of(400, "limit must be 1 to " + MAX_LIMIT + " and offset 0 or more"));
		}
		return ResponseEntity.ok(this.store.list(new DeadLetterStore.Filter(status, source, eventId), limit, offset));
	}

	@GetMapping("/{id}")
	ResponseEntity<?> show(@PathVariable String id) {
		return this.store.find(id)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.status(404).body(ErrorBody.of(404, "no dead letter " + id)));
	}

}

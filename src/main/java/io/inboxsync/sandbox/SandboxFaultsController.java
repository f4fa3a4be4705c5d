package io.inboxsync.sandbox;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fault injection: make the sandbox's Wix fail the way the real one can, then clear it.
 */
@RestController
@ConditionalOnWixSandbox
@RequestMapping(SandboxPaths.ADMIN + "/faults")
class SandboxFaultsController {

	private final SandboxFaults faults;

	SandboxFaultsController(SandboxFaults faults) {
		this.faults = faults;
	}

	@PostMapping
	ResponseEntity<?> add(@RequestBody SandboxFault fault) {
		if (fault.status() != 0 && (fault.status() < 400 || fault.status() > 599)) {
			return ResponseEntity.badRequest().body(Map.of("reason", "status must be 0 (latency only) or 400 to 599"));
		}
		if (fault.rate() != null && (fault.rate() <= 0 || fault.rate() > 1)) {
			return ResponseEntity.badRequest().body(Map.of("reason", "rate must be above 0 and at most 1"));
		}
		return ResponseEntity.ok(this.faults.add(fault));
	}

	@GetMapping
	List<SandboxFault> list() {
		return this.faults.list();
	}

	@DeleteMapping
	ResponseEntity<Void> clear() {
		this.faults.clear();
		return ResponseEntity.noContent().build();
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> remove(@PathVariable String id) {
		return this.faults.remove(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

}

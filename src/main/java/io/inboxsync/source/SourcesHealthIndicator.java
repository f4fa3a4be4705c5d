package io.inboxsync.source;

import java.util.List;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health component {@code sources}: out of service until the source files are loaded, so no load balancer sends a
 * webhook the service would answer with 404; then UP, with the files that did not load (they are skipped, not fatal).
 */
@Component("sources")
class SourcesHealthIndicator extends AbstractHealthIndicator {

	private final SourceFolder folder;

	SourcesHealthIndicator(SourceFolder folder) {
		this.folder = folder;
	}

	@Override
	protected void doHealthCheck(Health.Builder health) {
		if (!this.folder.isLoaded()) {
			health.outOfService().withDetail("reason", "the source files are not loaded yet");
			return;
		}
		List<String> broken = this.folder.status()
			.stream()
			.filter((file) -> file.error() != null)
			.map(SourceFolder.SourceFileStatus::file)
			.toList();
		health.up().withDetail("folder", this.folder.folder().toString()).withDetail("notLoaded", broken);
	}

}

package io.inboxsync.source;

import java.util.List;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health component {@code sources}: out of service until the source files are loaded, so
 * no load balancer sends a webhook the service would answer with 404; then UP, with the
 * files that did not load (they are skipped, not fatal).
 */
@Component("sources")
class SourcesHealthIndicator extends AbstractHealthIndicator {

	private final SourceFolder folder;

	private final boolean enabled;

	SourcesHealthIndicator(SourceFolder folder, SourcesProperties properties) {
		this.folder = folder;
		this.enabled = properties.enabled();
	}

	@Override
	protected void doHealthCheck(Health.Builder health) {
		if (!this.enabled) {
			health.up().withDetail("reason", "sources are turned off (inbox-sync.sources.enabled=false)");
			return;
		}
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

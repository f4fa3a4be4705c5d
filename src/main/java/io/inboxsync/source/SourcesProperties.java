package io.inboxsync.source;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the source files are and how soon a change to them takes effect.
 *
 * @param enabled whether to load them at all (the standalone sandbox does not)
 * @param dir the folder of source files, one source per file
 * @param pollInterval how often the folder is checked for new, changed and deleted files
 */
@Validated
@ConfigurationProperties("inbox-sync.sources")
public record SourcesProperties(boolean enabled, @NotNull Path dir, @NotNull Duration pollInterval) {
}

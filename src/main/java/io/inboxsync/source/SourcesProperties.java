package io.inboxsync.source;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the source files are and how soon a change to them takes effect.
 *
 * @param dir the folder of source files, one source per file
 * @param pollInterval how often the folder is checked for new, changed and deleted files
 */
@Validated
@ConfigurationProperties("inbox-sync.sources")
public record SourcesProperties(@NotNull Path dir, @NotNull Duration pollInterval) {
}

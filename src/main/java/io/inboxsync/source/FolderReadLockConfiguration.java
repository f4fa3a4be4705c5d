package io.inboxsync.source;

import javax.sql.DataSource;

import io.inboxsync.config.InboxSyncProperties;
import org.apache.camel.CamelContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the folder source template (routes/templates/folder-source.yaml) reads files
 * under: the read locks in the shared database, and the thread that releases a finished
 * file's lock a while after the file moved.
 */
@Configuration(proxyBeanMethods = false)
class FolderReadLockConfiguration {

	/** The template's name for {@link FolderReadLocks#releases()}. */
	static final String RELEASES = "folderReadLockReleases";

	@Bean
	FolderReadLocks folderReadLocks(DataSource dataSource, CamelContext camelContext, InboxSyncProperties properties) {
		FolderReadLocks locks = new FolderReadLocks(dataSource, camelContext, properties.folders().readLockExpiry());
		// In Camel's registry, not as a Spring bean: an Executor bean would stand in for
		// Spring Boot's task executor, which the bulk replay jobs are given.
		camelContext.getRegistry().bind(RELEASES, locks.releases());
		return locks;
	}

}

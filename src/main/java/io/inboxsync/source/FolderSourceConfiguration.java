package io.inboxsync.source;

import javax.sql.DataSource;

import io.inboxsync.config.InboxSyncProperties;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.spi.SpringTransactionPolicy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.JmsTransactionManager;

/**
 * What the folder source template (routes/templates/folder-source.yaml) reads files
 * under: the read locks in the shared database, the thread that releases a finished
 * file's lock a while after the file moved, and the local JMS transactions that queue a
 * file's lines a batch at a time.
 */
@Configuration(proxyBeanMethods = false)
class FolderSourceConfiguration {

	/** The template's name for {@link FolderReadLocks#releases()}. */
	static final String RELEASES = "folderReadLockReleases";

	/** The template's name for the transaction a batch of lines is queued in. */
	static final String LINE_BATCHES = "folderLineBatches";

	@Bean
	FolderReadLocks folderReadLocks(DataSource dataSource, CamelContext camelContext, InboxSyncProperties properties) {
		FolderReadLocks locks = new FolderReadLocks(dataSource, camelContext, properties.folders().readLockExpiry());
		// In Camel's registry, not as a Spring bean: an Executor bean would stand in for
		// Spring Boot's task executor, which the bulk replay jobs are given.
		camelContext.getRegistry().bind(RELEASES, locks.releases());
		return locks;
	}

	/**
	 * A batch of a file's lines is queued in one local transaction of the connection the
	 * routes send with, so that the broker makes the batch durable with one sync rather
	 * than one per line. The transaction manager stays inside the policy: as a bean it
	 * would displace the database's, which the dead-letter store's transactions use.
	 */
	@Bean(LINE_BATCHES)
	SpringTransactionPolicy folderLineBatches(ConnectionFactory connectionFactory) {
		return new SpringTransactionPolicy(new JmsTransactionManager(connectionFactory));
	}

}

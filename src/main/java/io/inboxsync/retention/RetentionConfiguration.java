package io.inboxsync.retention;

import javax.sql.DataSource;

import io.inboxsync.config.InboxSyncProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pruner that the route {@code inbox-sync-retention} (routes/retention.yaml) runs on
 * a Camel timer, so that Camel's tools show its runs and failures like any route's.
 */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

	@Bean
	RetentionPruner retentionPruner(DataSource dataSource, InboxSyncProperties properties) {
		return new RetentionPruner(dataSource, properties.delivery().ledgerRetention(),
				properties.deadLetters().closedRetention());
	}

}

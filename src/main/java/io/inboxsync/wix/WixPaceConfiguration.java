package io.inboxsync.wix;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import io.inboxsync.config.InboxSyncProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Chooses the site's pace: shared in PostgreSQL, the database several instances can use
 * together; in memory with the embedded H2 database, which only one instance opens.
 */
@Configuration(proxyBeanMethods = false)
class WixPaceConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WixPaceConfiguration.class);

	@Bean
	@DependsOnDatabaseInitialization
	WixPace wixPace(InboxSyncProperties properties, WixConnection connection, DataSource dataSource)
			throws MetaDataAccessException {
		InboxSyncProperties.Wix.RateLimit pace = properties.wix().rateLimit();
		if (!"PostgreSQL"
			.equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName))) {
			log.info("Calls to Wix paced at {} a minute by this instance alone", pace.requestsPerMinute());
			return WixPace.inProcess(pace);
		}
		log.info("Calls to Wix paced at {} a minute, shared with every instance using this database",
				pace.requestsPerMinute());
		return WixPace.shared(dataSource, connection.site(), pace);
	}

}

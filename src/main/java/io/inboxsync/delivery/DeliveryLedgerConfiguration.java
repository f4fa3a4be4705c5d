package io.inboxsync.delivery;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger of deliveries Wix accepted, one key per event and contact, for the
 * pipeline's idempotent consumer. Camel's JDBC repository on our own table (created by
 * Flyway), in the same database as the dead letters.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryLedgerConfiguration {

	@Bean
	JdbcMessageIdRepository inboxSyncDeliveries(DataSource dataSource) {
		return deliveryLedger(dataSource);
	}

	/** The ledger on a database whose schema Flyway made. */
	public static JdbcMessageIdRepository deliveryLedger(DataSource dataSource) {
		return ledger(dataSource, "inbox-sync-deliveries");
	}

	/**
	 * A ledger of its own in the same table (and pruned with it), under another processor
	 * name: replies sent, Wix events received.
	 */
	public static JdbcMessageIdRepository ledger(DataSource dataSource, String processorName) {
		JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource,
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), processorName);
		repository.setCreateTableIfNotExists(false);
		repository.setTableExistsString("SELECT 1 FROM inbox_sync_delivery WHERE 1 = 0");
		repository
			.setQueryString("SELECT COUNT(*) FROM inbox_sync_delivery WHERE processor_name = ? AND delivery_key = ?");
		repository.setInsertString(
				"INSERT INTO inbox_sync_delivery (processor_name, delivery_key, delivered_at) VALUES (?, ?, ?)");
		repository.setDeleteString("DELETE FROM inbox_sync_delivery WHERE processor_name = ? AND delivery_key = ?");
		repository.setClearString("DELETE FROM inbox_sync_delivery WHERE processor_name = ?");
		return repository;
	}

}

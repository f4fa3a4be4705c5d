package io.inboxsync;

/**
 * {@link DeliveryGuaranteesTest} with the dead letters and the delivery ledger in
 * PostgreSQL.
 */
@OnPostgres
class PostgresDeliveryGuaranteesTest extends DeliveryGuaranteesTest {

}

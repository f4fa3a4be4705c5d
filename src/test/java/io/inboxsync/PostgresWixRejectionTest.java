package io.inboxsync;

/**
 * {@link WixRejectionTest} with the dead letters and the delivery ledger in PostgreSQL.
 */
@OnPostgres
class PostgresWixRejectionTest extends WixRejectionTest {

}

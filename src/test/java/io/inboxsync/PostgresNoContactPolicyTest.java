package io.inboxsync;

/**
 * {@link NoContactPolicyTest} with the dead letters and the delivery ledger in
 * PostgreSQL.
 */
@OnPostgres
class PostgresNoContactPolicyTest extends NoContactPolicyTest {

}

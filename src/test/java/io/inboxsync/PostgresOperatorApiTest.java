package io.inboxsync;

/**
 * {@link OperatorApiTest} with the dead letters and the delivery ledger in PostgreSQL.
 */
@OnPostgres
class PostgresOperatorApiTest extends OperatorApiTest {

}

-- The pace of calls to each Wix site, shared by every instance using this database: one row per site (its id, or its
-- app instance's id) holding Bucket4j's token bucket, in effect when the site's next turn is free. Used on PostgreSQL
-- only; with the embedded H2 database, the one instance paces itself in memory.
create table inbox_sync_wix_pace (
    site   varchar(200) not null primary key,
    state  bytea
);

-- Retention: ledger rows go by when they were delivered and closed dead letters by when they were closed, a batch at a
-- time; these indexes find each batch without reading the whole table. (On a large ledger, PostgreSQL blocks writes
-- to it while the index is built, once, at the start of the upgrade.)
create index inbox_sync_delivery_delivered_at on inbox_sync_delivery (delivered_at);
create index inbox_sync_dead_letter_closed_at on inbox_sync_dead_letter (closed_at);
-- Work that one instance at a time does when several share this database (the pruning): ShedLock's lock table. A lock
-- is held until lock_until at most (database time), so one that a crashed instance held frees itself.
create table inbox_sync_lock (
    name        varchar(64)  not null primary key,
    lock_until  timestamp    not null,
    locked_at   timestamp    not null,
    locked_by   varchar(255) not null
);

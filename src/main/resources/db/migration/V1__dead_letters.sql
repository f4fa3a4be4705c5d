-- One row per event (and contact, once known) that could not be delivered. An open row that fails again is updated
-- (attempts, last failure, reason) rather than duplicated.
create table inbox_sync_dead_letter (
    id               varchar(36)              not null primary key,
    event_id         varchar(200),
    source           varchar(200),
    contact_id       varchar(64),
    stage            varchar(20)              not null,
    reason           varchar                  not null,
    wix_status       integer,
    attempts         integer                  not null,
    first_failed_at  timestamp with time zone not null,
    last_failed_at   timestamp with time zone not null,
    event            varchar                  not null,
    status           varchar(20)              not null
);

create index inbox_sync_dead_letter_status on inbox_sync_dead_letter (status, last_failed_at);
create index inbox_sync_dead_letter_event on inbox_sync_dead_letter (event_id, contact_id);

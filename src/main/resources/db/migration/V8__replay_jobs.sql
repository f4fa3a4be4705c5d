-- Bulk replays, shared by every instance using this database: a job's filter and progress, and the instance working
-- it. That instance renews its lease with each dead letter it replays; a RUNNING job whose lease ran out (its instance
-- died or stopped) is taken over by another instance, or by the same one after a restart.
create table inbox_sync_replay_job (
    id               varchar(36)              not null primary key,
    status           varchar(20)              not null,
    filter_source    varchar,
    filter_stage     varchar,
    filter_reason    varchar,
    filter_event_id  varchar,
    filter_from      timestamp with time zone,
    filter_to        timestamp with time zone,
    total            integer                  not null,
    replayed         integer                  not null,
    skipped          integer                  not null,
    failed           integer                  not null,
    started_at       timestamp with time zone not null,
    finished_at      timestamp with time zone,
    lease_owner      varchar(100),
    lease_until      timestamp with time zone
);

create index inbox_sync_replay_job_running on inbox_sync_replay_job (status, lease_until);
create index inbox_sync_replay_job_started on inbox_sync_replay_job (started_at);

-- The dead letters a job replays, in order, as they matched when it started (later failures that match its filter are
-- not its business). The job's counts say how far it got: the item at ordinal replayed + skipped + failed + 1 is
-- next. Removed when the job ends.
create table inbox_sync_replay_job_item (
    job_id          varchar(36) not null,
    ordinal         integer     not null,
    dead_letter_id  varchar(36) not null,
    primary key (job_id, ordinal)
);

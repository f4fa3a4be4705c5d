-- Folder sources' read locks, shared by every instance using this database, so that a file of a folder they all watch
-- (a network share) is read by one of them: a row per file being read, named "<source>/<file name>", held by one
-- instance (locked_by), which renews locked_at while it reads. A row not renewed for inbox-sync.folders.read-lock-expiry
-- belongs to an instance that died, and another instance takes the file over.
create table inbox_sync_folder_lock (
    processor_name  varchar(255)             not null,
    lock_key        varchar(500)             not null,
    locked_at       timestamp with time zone not null,
    locked_by       varchar(200)             not null,
    primary key (processor_name, lock_key)
);

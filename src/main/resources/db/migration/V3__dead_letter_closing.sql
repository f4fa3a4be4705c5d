-- When an operator replayed or discarded a dead letter.
alter table inbox_sync_dead_letter add column closed_at timestamp with time zone;

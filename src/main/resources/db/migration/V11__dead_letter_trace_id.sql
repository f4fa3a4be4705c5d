-- The trace of a dead letter's last failure (README, "Tracing"): its 32 hex digits, to find the trace in a tracing
-- backend and the failure's lines in the logs. Null when the failure happened outside a trace, and for dead letters
-- recorded before this column existed.
alter table inbox_sync_dead_letter add column trace_id varchar(32);

-- Since when Wix may already hold a dead letter's message (an attempt whose answer was lost or a 5xx), so a replay
-- reads the conversation back to the first such attempt before sending. Dead letters recorded before this column
-- existed: a send that failed that way, since its first failure.
alter table inbox_sync_dead_letter add column maybe_in_wix_since timestamp with time zone;
update inbox_sync_dead_letter set maybe_in_wix_since = first_failed_at
	where stage = 'send' and (wix_status is null or wix_status >= 500);

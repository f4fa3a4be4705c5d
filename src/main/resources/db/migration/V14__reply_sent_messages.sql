-- Replies back to the channel: each message a channel took for a reply, by the channel's own id (WhatsApp's wamid), so
-- that a delivery failure the channel reports later (a status webhook) finds the reply and makes it a dead letter.
-- Kept as long as the delivery ledger's rows.
create table inbox_sync_reply_sent (
    channel_message_id  varchar(255)             not null,
    reply               varchar                  not null,
    part                integer                  not null,
    parts               integer                  not null,
    sent_at             timestamp                not null,
    primary key (channel_message_id)
);
create index inbox_sync_reply_sent_at on inbox_sync_reply_sent (sent_at);

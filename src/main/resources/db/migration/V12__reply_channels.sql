-- Replies back to the channel: per contact, the channel the customer last wrote from (the source, and their email or
-- phone on it) and the Wix conversation it went to, so that the business's reply in that conversation goes back there.
create table inbox_sync_reply_channel (
    contact_id       varchar(100)             not null,
    conversation_id  varchar(100)             not null,
    source           varchar(100)             not null,
    email            varchar(320),
    phone            varchar(50),
    remembered_at    timestamp                not null,
    primary key (contact_id)
);
create index inbox_sync_reply_channel_conversation on inbox_sync_reply_channel (conversation_id);

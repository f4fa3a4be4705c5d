-- The deliveries Wix accepted: one row per event and contact ("<event id>/<contact id>"), so that a redelivered,
-- retried or replayed event never sends a second message for a delivery that already succeeded.
create table inbox_sync_delivery (
    processor_name  varchar(255)             not null,
    delivery_key    varchar(300)             not null,
    delivered_at    timestamp                not null,
    primary key (processor_name, delivery_key)
);

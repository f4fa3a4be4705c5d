-- Delivery keys now hold the source too: "<source>/<event id>/<contact id>".
alter table inbox_sync_delivery alter column delivery_key set data type varchar(500);

-- Settings every instance sharing this database must agree on (the key of the intake's customer groups), each
-- created once by whichever instance needs it first.
create table inbox_sync_setting (
    name           varchar(100)  not null primary key,
    setting_value  varchar(1000) not null
);

-- An application's own first migration, beside hybrid-auth's
create table app_account (id bigint not null primary key, name varchar(64) not null);

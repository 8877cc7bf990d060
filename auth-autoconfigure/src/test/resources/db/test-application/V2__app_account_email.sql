-- An application's own second migration
alter table app_account add column email varchar(255);

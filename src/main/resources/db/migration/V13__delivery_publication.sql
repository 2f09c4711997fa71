-- An SFTP delivery is made in two steps with a commit in between (relay.SupplierSftp): the file is uploaded under a
-- temporary name, the delivery is recorded with that name here, then the file is renamed to its own name and this
-- column cleared. A gateway killed in between finishes the rename when it comes back, and one killed after the
-- rename finds no temporary file left and knows the supplier already has it: never a second copy (CrashIT).
alter table delivery add column staged_name varchar(300);
create index delivery_to_publish on delivery (tenant_id, id) where staged_name is not null;

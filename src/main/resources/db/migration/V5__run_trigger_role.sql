-- The role the actor had when it queued a run: checked again when the run starts (a server may have been switched
-- to the local connection, which is admin-only, while the run waited in the queue).
alter table runs add column triggered_by_role varchar(16) not null default 'VIEWER';

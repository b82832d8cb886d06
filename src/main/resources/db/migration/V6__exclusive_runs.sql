-- Runs that change an environment (drills, backups, updates) are exclusive: at most one is queued or running per
-- environment. The partial unique index makes that hold across nodes; a second launch fails on it.
alter table runs add column exclusive boolean not null default false;
alter table runs add column label varchar(200);
create unique index runs_one_exclusive_per_environment on runs (environment)
    where exclusive and status in ('QUEUED', 'RUNNING');

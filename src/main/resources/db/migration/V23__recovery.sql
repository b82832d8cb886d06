-- Recovery policy of a schedule (docs/schedules.md "Interrupted runs"): what happens when a run it started ends
-- INTERRUPTED because its Opsdeck node died or shut down. 'none': recorded and notified, nothing else; 'rerun': the
-- schedule's action is started once more, at most once per fire, and only within recovery_window_minutes of the
-- fire's scheduled time.
alter table schedules
    add column recovery_policy         varchar(16) not null default 'none'
        constraint schedules_recovery_policy_check check (recovery_policy in ('none', 'rerun')),
    add column recovery_window_minutes integer     not null default 60
        constraint schedules_recovery_window_check check (recovery_window_minutes between 1 and 1440);

-- What the recovery policy did for a fire whose run was interrupted: the rerun it started, or why it started none.
-- Set once (a conditional update in the rerun's own transaction), so a fire is rerun at most once across nodes.
alter table schedule_fires
    add column recovery_run_id  uuid,
    add column recovery_message varchar(2000);

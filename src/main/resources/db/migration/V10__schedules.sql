-- Schedules (see docs/schedules.md): what runs when, and the record of every fire. Quartz (V9) holds one durable
-- job and one cron trigger per schedule, keyed by the schedule id; this table is the source of truth and Quartz is
-- brought in line with it (same transaction on change, and at start-up).

create table schedules (
    id             uuid         primary key,
    name           varchar(100) not null constraint schedules_name_key unique,
    action         varchar(32)  not null
        constraint schedules_action_check check (action in ('drill', 'security-update', 'health-check', 'backup',
                                                            'backup-verify', 'backup-cleanup')),
    -- cascade: an environment's schedules go with it (its Quartz jobs are removed when they next fire or at start)
    environment_id uuid         not null
        constraint schedules_environment_fk references environments (id) on delete cascade,
    parameters     jsonb        not null default '{}'::jsonb,
    cron           varchar(200) not null,
    time_zone      varchar(64)  not null,
    misfire_policy varchar(16)  not null
        constraint schedules_misfire_policy_check check (misfire_policy in ('fire-once', 'skip')),
    paused         boolean      not null default false,
    description    varchar(500),
    created_at     timestamptz  not null,
    created_by     varchar(200) not null,
    updated_at     timestamptz  not null,
    updated_by     varchar(200) not null,
    version        bigint       not null default 0
);
create index schedules_environment_idx on schedules (environment_id);

-- One row per fire of a schedule. (schedule_id, scheduled_for) is unique: a fire that Quartz hands out again
-- (recovery after a node died mid-job) finds its row and starts nothing a second time.
create table schedule_fires (
    id            uuid          primary key,
    schedule_id   uuid          not null
        constraint schedule_fires_schedule_fk references schedules (id) on delete cascade,
    scheduled_for timestamptz   not null,
    fired_at      timestamptz   not null,
    finished_at   timestamptz,
    manual        boolean       not null,
    triggered_by  varchar(200)  not null,
    node          varchar(200)  not null,
    -- STARTED: a run was queued (its result is the run's); RUNNING/SUCCEEDED/FAILED: an action Opsdeck performs
    -- itself (backup verification, cleanup); SKIPPED: nothing started (environment busy, policy, missing settings)
    outcome       varchar(16)   not null
        constraint schedule_fires_outcome_check check (outcome in ('STARTED', 'RUNNING', 'SUCCEEDED', 'FAILED',
                                                                   'SKIPPED')),
    run_id        uuid,
    message       varchar(2000),
    details       jsonb,
    constraint schedule_fires_once unique (schedule_id, scheduled_for)
);
create index schedule_fires_schedule_idx on schedule_fires (schedule_id, fired_at desc);

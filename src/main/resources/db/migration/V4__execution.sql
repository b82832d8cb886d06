-- Runs, their per-host results and their output (see docs/runs.md).

create table runs (
    id                  uuid primary key,
    kind                varchar(16)  not null,
    status              varchar(16)  not null,
    environment         varchar(64),
    playbook            varchar(255),
    command             text,
    parameters          text         not null default '{}',
    secret_parameters   bytea,
    triggered_by        varchar(200) not null,
    created_at          timestamptz  not null,
    started_at          timestamptz,
    finished_at         timestamptz,
    exit_code           integer,
    message             text,
    timeout_seconds     integer      not null,
    node_id             varchar(200),
    heartbeat_at        timestamptz,
    cancel_requested_at timestamptz,
    cancel_requested_by varchar(200),
    line_count          bigint       not null default 0,
    output_bytes        bigint       not null default 0,
    first_failure_seq   bigint,
    version             bigint       not null default 0,
    constraint runs_kind_check check (kind in ('SSH', 'ANSIBLE')),
    constraint runs_status_check check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'INTERRUPTED'))
);

create index runs_queue_idx on runs (created_at) where status = 'QUEUED';
create index runs_running_idx on runs (heartbeat_at) where status = 'RUNNING';
create index runs_created_idx on runs (created_at desc, id);
create index runs_environment_idx on runs (environment, created_at desc);

create table run_hosts (
    run_id      uuid         not null references runs (id) on delete cascade,
    position    integer      not null,
    host        varchar(128) not null,
    server_id   uuid,
    status      varchar(16)  not null,
    exit_code   integer,
    ok          integer      not null default 0,
    changed     integer      not null default 0,
    failed      integer      not null default 0,
    unreachable integer      not null default 0,
    skipped     integer      not null default 0,
    rescued     integer      not null default 0,
    ignored     integer      not null default 0,
    message     text,
    primary key (run_id, position)
);

create table run_output_chunks (
    run_id     uuid        not null references runs (id) on delete cascade,
    first_seq  bigint      not null,
    last_seq   bigint      not null,
    line_count integer     not null,
    text_bytes bigint      not null,
    data       bytea       not null,
    created_at timestamptz not null,
    primary key (run_id, first_seq)
);

-- Chunks are already deflated: keep PostgreSQL from trying to compress them again.
alter table run_output_chunks alter column data set storage external;

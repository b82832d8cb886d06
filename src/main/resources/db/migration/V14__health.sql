-- Health checks (docs/health.md, docs/design/operations-contract.md): thresholds per environment, the health-check
-- runs seen, and every stored result per server with one row per check.

-- An environment's thresholds; no row: the defaults (disk 80/90 %, memory 90 %, load 1.0/2.0 per CPU).
create table health_thresholds (
    environment_id        uuid primary key references environments (id) on delete cascade,
    disk_warn_percent     numeric(6, 2) not null,
    disk_critical_percent numeric(6, 2) not null,
    memory_warn_percent   numeric(6, 2) not null,
    load_warn_per_cpu     numeric(8, 2) not null,
    load_critical_per_cpu numeric(8, 2) not null,
    updated_at            timestamptz   not null,
    updated_by            varchar(200)  not null,
    constraint health_thresholds_disk_check check (disk_warn_percent <= disk_critical_percent),
    constraint health_thresholds_load_check check (load_warn_per_cpu <= load_critical_per_cpu)
);

-- One row per health-check run: recorded at launch by the health module (with the thresholds it passed and the
-- server it was limited to), or when the run finished for runs started elsewhere (POST /api/v1/runs). processed_at
-- is set, exactly once over all nodes, when its results have been stored.
create table health_runs (
    run_id       uuid primary key,
    environment  varchar(63) not null,
    server_id    uuid,
    thresholds   jsonb,
    created_at   timestamptz not null,
    processed_at timestamptz
);

create index health_runs_open_idx on health_runs (created_at) where processed_at is null;

-- One stored health check of one server; report is the host's opsdeck_health dict as the playbook printed it
-- (null when the host was unreachable).
create table health_results (
    id          uuid primary key,
    run_id      uuid         not null,
    server_id   uuid         not null references servers (id) on delete cascade,
    status      varchar(16)  not null,
    reasons     jsonb        not null default '[]',
    report      jsonb,
    checked_at  timestamptz  not null,
    constraint health_results_run_server_key unique (run_id, server_id),
    constraint health_results_status_check check (status in ('OK', 'WARNING', 'CRITICAL', 'UNKNOWN'))
);

create index health_results_server_idx on health_results (server_id, checked_at desc);
create index health_results_checked_idx on health_results (checked_at);

-- The result of each check of a stored health check.
create table health_check_results (
    result_id  uuid         not null references health_results (id) on delete cascade,
    check_name varchar(16)  not null,
    status     varchar(16)  not null,
    detail     varchar(500) not null,
    primary key (result_id, check_name),
    constraint health_check_results_check_check
        check (check_name in ('docker', 'containers', 'disk', 'memory', 'load', 'ports', 'firewall')),
    constraint health_check_results_status_check check (status in ('OK', 'WARNING', 'CRITICAL', 'UNKNOWN'))
);

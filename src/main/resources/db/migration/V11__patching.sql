-- Security updates: the update runs Opsdeck launched, each server's patch state and the packages each run upgraded
-- (see docs/patching.md and docs/design/schedules-contract.md).

-- One row per update run; processed_at is set, exactly once over all nodes, when its reports have been stored.
create table patch_runs (
    run_id       uuid primary key,
    environment  varchar(63)  not null,
    mode         varchar(16)  not null,
    check_mode   boolean      not null,
    reboot       boolean      not null,
    packages     jsonb        not null default '[]',
    cves         jsonb        not null default '[]',
    triggered_by varchar(200) not null,
    created_at   timestamptz  not null,
    processed_at timestamptz,
    constraint patch_runs_mode_check check (mode in ('security', 'full', 'critical'))
);

create index patch_runs_open_idx on patch_runs (created_at) where processed_at is null;

-- A server's state as the last report left it; no row: never checked (UNKNOWN). Package lists are jsonb arrays of
-- {"name","from","to","origin"} objects (pending_*) or of names (reboot_required_packages).
create table server_patch_state (
    server_id                 uuid primary key references servers (id) on delete cascade,
    pending_security          integer      not null default 0,
    pending_other             integer      not null default 0,
    pending_security_packages jsonb        not null default '[]',
    pending_other_packages    jsonb        not null default '[]',
    reboot_required           boolean      not null default false,
    reboot_required_since     timestamptz,
    reboot_required_packages  jsonb        not null default '[]',
    running_kernel            varchar(128),
    newest_kernel             varchar(128),
    last_run_id               uuid,
    last_update_run_id        uuid,
    last_mode                 varchar(16),
    -- null until a patch-report arrived: a server that only ever failed is still UNKNOWN
    last_checked_at           timestamptz,
    last_error                varchar(2000),
    updated_at                timestamptz  not null
);

-- Every package an update changed: name, version before and after.
create table patch_upgrades (
    id           uuid primary key,
    run_id       uuid          not null,
    server_id    uuid          not null references servers (id) on delete cascade,
    server_name  varchar(63)   not null,
    package      varchar(128)  not null,
    from_version varchar(256),
    to_version   varchar(256),
    upgraded_at  timestamptz   not null,
    constraint patch_upgrades_run_package_key unique (run_id, server_id, package)
);

create index patch_upgrades_server_idx on patch_upgrades (server_id, upgraded_at desc, package);

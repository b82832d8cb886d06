-- Disaster-recovery drills: per-environment settings and the history of drills (see docs/drills.md).

create table drill_settings (
    environment_id         uuid primary key references environments (id) on delete cascade,
    server_id              uuid references servers (id) on delete set null,
    db_name                varchar(63)  not null,
    db_mode                varchar(16)  not null,
    db_user                varchar(63)  not null,
    db_host                varchar(255) not null,
    db_port                integer      not null,
    db_compose_service     varchar(63)  not null,
    db_compose_file        varchar(255) not null,
    db_become_user         varchar(32),
    media_dir              varchar(1024),
    app_dir                varchar(1024),
    start_command          varchar(2048),
    health_url             varchar(2048),
    health_timeout_seconds integer      not null,
    rto_target_seconds     integer      not null,
    restore_jobs           integer      not null,
    restore_no_owner       boolean      not null,
    restore_no_acl         boolean      not null,
    updated_at             timestamptz  not null,
    version                bigint       not null default 0,
    constraint drill_settings_mode_check check (db_mode in ('host', 'docker'))
);

create table drills (
    id                 uuid primary key,
    environment        varchar(64)  not null,
    type               varchar(16)  not null,
    status             varchar(20)  not null,
    run_id             uuid         not null,
    backup_timestamp   varchar(17)  not null,
    backup_key         varchar(1024) not null,
    backup_size        bigint       not null,
    backup_sha256      varchar(64),
    backup_taken_at    timestamptz  not null,
    manifest_present   boolean      not null,
    rpo_seconds        bigint       not null,
    rto_target_seconds integer      not null,
    compliance         varchar(16),
    duration_seconds   double precision,
    results            text,
    triggered_by       varchar(200) not null,
    created_at         timestamptz  not null,
    finished_at        timestamptz,
    version            bigint       not null default 0,
    constraint drills_type_check check (type in ('FULL', 'DATABASE_ONLY', 'VALIDATION_ONLY')),
    constraint drills_status_check check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED'))
);

create index drills_environment_idx on drills (environment, created_at desc);
create index drills_open_idx on drills (status) where status in ('QUEUED', 'RUNNING');

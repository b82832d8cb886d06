-- Backups: where each environment's backups live in object storage (see docs/backups.md). The secret access key is
-- sealed with the master key (SecretSealer, context 'backup-storage:<environment id>') and never leaves Opsdeck.
create table backup_storage (
    environment_id           uuid          primary key
        -- the settings belong to the environment: deleting it deletes them
        constraint backup_storage_environment_fk references environments (id) on delete cascade,
    provider                 varchar(20)   not null
        constraint backup_storage_provider_check check (provider in ('s3', 'spaces', 's3-compatible')),
    endpoint                 varchar(2048),
    region                   varchar(32)   not null,
    bucket                   varchar(63)   not null,
    prefix                   varchar(512)  not null,
    path_style               boolean       not null,
    access_key_id            varchar(128)  not null,
    secret_access_key_sealed bytea         not null,
    created_at               timestamptz   not null,
    updated_at               timestamptz   not null,
    version                  bigint        not null,
    constraint backup_storage_endpoint_check check (provider = 's3' or endpoint is not null)
);

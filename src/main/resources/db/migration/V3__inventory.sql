-- Inventory: environments and the servers in them (see docs/inventory-and-credentials.md).
create table environments (
    id             uuid         primary key,
    name           varchar(63)  not null constraint environments_name_key unique,
    kind           varchar(20)  not null
        constraint environments_kind_check check (kind in ('development', 'staging', 'production')),
    cloud_provider varchar(20)  not null
        constraint environments_cloud_provider_check check (cloud_provider in ('aws', 'digitalocean')),
    region         varchar(32)  not null,
    description    varchar(500),
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    version        bigint       not null
);

create table servers (
    id                   uuid         primary key,
    name                 varchar(63)  not null constraint servers_name_key unique,
    host                 varchar(253) not null,
    port                 integer      not null constraint servers_port_check check (port between 1 and 65535),
    username             varchar(64)  not null,
    -- restrict: an environment or credential still referenced cannot be deleted (409 in the API)
    environment_id       uuid         not null
        constraint servers_environment_fk references environments (id) on delete restrict,
    credential_id        uuid
        constraint servers_credential_fk references credentials (id) on delete restrict,
    connection           varchar(10)  not null constraint servers_connection_check check (connection in ('ssh', 'local')),
    host_key_policy      varchar(20)  not null
        constraint servers_host_key_policy_check check (host_key_policy in ('strict', 'trust-on-first-use')),
    host_key_fingerprint varchar(50)
        constraint servers_host_key_fingerprint_check check (host_key_fingerprint ~ '^SHA256:[A-Za-z0-9+/]{43}$'),
    host_key             text,
    roles                text[]       not null default '{}',
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null,
    version              bigint       not null,
    constraint servers_ssh_credential_check check (connection = 'local' or credential_id is not null),
    constraint servers_host_key_check check (host_key is null or host_key_fingerprint is not null)
);

create index servers_environment_idx on servers (environment_id);
create index servers_credential_idx on servers (credential_id);

-- One row per one-time set-up step already decided (e.g. 'demo-environment'), so it never runs twice, even when
-- several Opsdeck nodes start at once: the primary key serialises them.
create table inventory_setup (
    step       varchar(50) primary key,
    applied_at timestamptz not null
);

-- Provisioning (issue 5, see docs/provisioning.md and docs/design/provisioning-contract.md).

-- 1. Credentials of type 'secret': one sealed string (a password, an API token) in `secret`, encrypted like the SSH
--    keys (AES-256-GCM, row id as associated data). A secret has no key type, fingerprint, public key or passphrase.
alter table credentials drop constraint credentials_type_check;
alter table credentials add constraint credentials_type_check check (type in ('ssh-key', 'secret'));
alter table credentials alter column key_type drop not null;
alter table credentials alter column fingerprint drop not null;
alter table credentials alter column public_key drop not null;
alter table credentials add constraint credentials_ssh_key_check check (
    type <> 'ssh-key' or (key_type is not null and fingerprint is not null and public_key is not null));
alter table credentials add constraint credentials_secret_check check (
    type <> 'secret' or (key_type is null and fingerprint is null and public_key is null and not encrypted));

-- 2. Provisioning settings per environment: the seed's variables. Secrets are references to 'secret' credentials
--    (restrict: a credential in use here cannot be deleted).
create table provisioning_settings (
    environment_id                      uuid primary key
        constraint provisioning_settings_environment_fk references environments (id) on delete cascade,
    domain_name                         varchar(253),
    ssl_email                           varchar(254),
    github_actions_ssh_key              varchar(16384),
    git_repo_url                        varchar(2048),
    git_branch                          varchar(255),
    django_admin_user                   varchar(150),
    django_admin_email                  varchar(254),
    aws_region                          varchar(32),
    db_password_credential_id           uuid
        constraint provisioning_settings_db_password_fk references credentials (id) on delete restrict,
    django_admin_password_credential_id uuid
        constraint provisioning_settings_admin_password_fk references credentials (id) on delete restrict,
    updated_at                          timestamptz  not null,
    updated_by                          varchar(200) not null,
    version                             bigint       not null
);

-- 3. Every provision run Opsdeck launched for a server; processed_at is set, exactly once over all nodes, when its
--    tag recap has been stored.
create table provision_runs (
    run_id       uuid primary key,
    server_id    uuid         not null constraint provision_runs_server_fk references servers (id) on delete cascade,
    environment  varchar(63)  not null,
    tags         text[]       not null default '{}',
    check_mode   boolean      not null,
    triggered_by varchar(200) not null,
    created_at   timestamptz  not null,
    processed_at timestamptz
);

create index provision_runs_server_idx on provision_runs (server_id, created_at desc);
create index provision_runs_open_idx on provision_runs (created_at) where processed_at is null;

-- 4. What each tag last did on a server (the tag-recap event of the last provision run that ran the tag).
create table server_tag_changes (
    server_id     uuid         not null constraint server_tag_changes_server_fk references servers (id) on delete cascade,
    tag           varchar(64)  not null,
    run_id        uuid         not null,
    check_mode    boolean      not null,
    ok            integer      not null,
    changed       integer      not null,
    failed        integer      not null,
    skipped       integer      not null,
    changed_tasks jsonb        not null default '[]',
    recorded_at   timestamptz  not null,
    primary key (server_id, tag)
);

-- access (issue 7): per-environment grants, scoped API tokens, login throttling (docs/security.md).

-- A grant raises a user's base role (users.role) in one environment. Both sides are names, not foreign keys:
-- identity does not depend on inventory. Environments are never renamed; a grant for a deleted environment stays
-- (listed, harmless) and applies again if an environment of that name is created; revoke it to be sure.
create table role_grants (
    username    varchar(64) not null,
    environment varchar(63) not null,
    role        varchar(16) not null check (role in ('VIEWER', 'OPERATOR', 'ADMIN')),
    granted_by  varchar(140) not null,  -- actor display, e.g. user:admin
    granted_at  timestamptz not null,
    constraint role_grants_pkey primary key (username, environment)
);

-- Removing a user removes their grants; renaming users is not supported.
alter table role_grants add constraint role_grants_user_fk
    foreign key (username) references users (username) on delete cascade;

-- The environments an API token is limited to; no rows = every environment.
create table api_token_environments (
    token_id    uuid        not null references api_tokens (id) on delete cascade,
    environment varchar(63) not null,
    constraint api_token_environments_pkey primary key (token_id, environment)
);

-- Failed sign-ins and rejected bearer tokens, counted per subject ('user:<name>', 'address:<ip>',
-- 'token-address:<ip>') in a fixed window that starts at the first failure. Shared by every node.
create table login_throttle (
    subject      varchar(320) primary key,
    failures     integer     not null,
    window_start timestamptz not null,
    locked_until timestamptz
);

create index login_throttle_window_idx on login_throttle (window_start);

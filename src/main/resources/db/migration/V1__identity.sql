-- identity: users who sign in to the dashboard and the API tokens that scripts and CI use.

create table users (
    id            uuid         primary key,
    username      varchar(64)  not null,
    password_hash varchar(255) not null,  -- DelegatingPasswordEncoder format, e.g. {bcrypt}$2a$10$...
    role          varchar(16)  not null check (role in ('VIEWER', 'OPERATOR', 'ADMIN')),
    enabled       boolean      not null default true,
    created_at    timestamptz  not null,
    version       bigint       not null default 0,
    constraint users_username_key unique (username)
);

-- Tokens are stored as the SHA-256 hex of their value; the value itself is shown once, at creation.
-- owner is a user name, not a foreign key: a token whose owner is removed or disabled stays listed but is rejected.
create table api_tokens (
    id           uuid        primary key,
    name         varchar(64) not null,
    token_hash   varchar(64) not null,
    token_prefix varchar(8)  not null,
    role         varchar(16) not null check (role in ('VIEWER', 'OPERATOR', 'ADMIN')),
    owner        varchar(64) not null,
    created_at   timestamptz not null,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    version      bigint      not null default 0,
    constraint api_tokens_token_hash_key unique (token_hash)
);

create index api_tokens_owner_idx on api_tokens (owner);

-- Idempotency-Key (issue 7, "Idempotency"): the first answer to a POST under /api/v1 per (caller, key), replayed to
-- retries for 24 hours. The primary key makes "first" hold across nodes: a second node's insert finds the row.
-- state IN_FLIGHT: the first request is still being answered (a retry gets 409); DONE: the answer is stored.
create table idempotency_keys (
    caller        varchar(300) not null,   -- user:<name> or token:<token id>
    idem_key      varchar(255) not null,
    method        varchar(10)  not null,
    path          varchar(2048) not null,  -- path and query string of the first request
    body_sha256   char(64)     not null,   -- hex SHA-256 of the first request's body
    state         varchar(10)  not null check (state in ('IN_FLIGHT', 'DONE')),
    status        integer,
    location      varchar(2048),
    content_type  varchar(255),
    body          bytea,                   -- at most opsdeck.idempotency.max-stored-body bytes; null when larger
    body_omitted  boolean      not null default false,
    created_at    timestamptz  not null default now(),
    expires_at    timestamptz  not null,
    primary key (caller, idem_key)
);
create index idempotency_keys_expires_at on idempotency_keys (expires_at);

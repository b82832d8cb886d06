-- Notifications (see docs/notifications.md): channels (webhook or e-mail) that subscribe to event types and
-- environments, the events Opsdeck raised, and an outbox of deliveries (one per event and channel) that a worker
-- sends with retries. State conditions (drill overdue, backup stale, reboot required) keep their last known state
-- here, so that a restart or a second node does not notify again.

create table notification_channels (
    id            uuid         primary key,
    name          varchar(100) not null constraint notification_channels_name_key unique,
    type          varchar(16)  not null
        constraint notification_channels_type_check check (type in ('WEBHOOK', 'EMAIL')),
    -- webhook only: SLACK ({"text": ...}) or GENERIC (docs/notifications.md)
    format        varchar(16)
        constraint notification_channels_format_check check (format in ('SLACK', 'GENERIC')),
    url           varchar(2048),
    -- webhook HMAC secret sealed with the master key (context notification-channel:<id>); never returned
    secret        bytea,
    -- e-mail only: comma-separated addresses
    recipients    varchar(2000),
    -- comma-separated event types; never empty
    event_types   varchar(500) not null,
    -- comma-separated environment names; null: every environment
    environments  varchar(2000),
    enabled       boolean      not null default true,
    created_at    timestamptz  not null,
    created_by    varchar(200) not null,
    updated_at    timestamptz  not null,
    updated_by    varchar(200) not null,
    constraint notification_channels_kind_check check (
        (type = 'WEBHOOK' and url is not null and format is not null and recipients is null)
        or (type = 'EMAIL' and recipients is not null and url is null and secret is null))
);

-- One row per event. The id is derived from what happened (e.g. the run id), so the same event raised twice (two
-- nodes, a re-delivered application event) is one row.
create table notification_events (
    id          uuid          primary key,
    type        varchar(32)   not null,
    environment varchar(100),
    subject     varchar(300)  not null,
    summary     varchar(2000) not null,
    link        varchar(500),
    resolved    boolean       not null default false,
    test        boolean       not null default false,
    occurred_at timestamptz   not null
);
create index notification_events_occurred_idx on notification_events (occurred_at desc);

-- The outbox: exactly one row per (event, channel). PENDING rows are sent when next_attempt_at has come; a worker
-- claims a row by moving next_attempt_at past the send (a lease), so a node that dies mid-send leaves it to be
-- retried. FAILED after the last attempt; a manual retry makes it PENDING again.
create table notification_deliveries (
    id                 uuid          primary key,
    event_id           uuid          not null
        constraint notification_deliveries_event_fk references notification_events (id) on delete cascade,
    channel_id         uuid          not null
        constraint notification_deliveries_channel_fk references notification_channels (id) on delete cascade,
    status             varchar(16)   not null
        constraint notification_deliveries_status_check check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts           integer       not null default 0,
    next_attempt_at    timestamptz   not null,
    last_attempt_at    timestamptz,
    delivered_at       timestamptz,
    last_response_code integer,
    last_error         varchar(500),
    created_at         timestamptz   not null,
    constraint notification_deliveries_once unique (event_id, channel_id)
);
create index notification_deliveries_due_idx on notification_deliveries (next_attempt_at) where status = 'PENDING';
create index notification_deliveries_created_idx on notification_deliveries (created_at desc);

-- One row per attempt: what the receiver answered (status code) or why it failed (capped, never a secret).
create table notification_attempts (
    id            bigserial     primary key,
    delivery_id   uuid          not null
        constraint notification_attempts_delivery_fk references notification_deliveries (id) on delete cascade,
    attempt       integer       not null,
    started_at    timestamptz   not null,
    duration_ms   bigint        not null,
    success       boolean       not null,
    response_code integer,
    error         varchar(500)
);
create index notification_attempts_delivery_idx on notification_attempts (delivery_id, attempt);

-- The last known state of each periodically evaluated condition (DRILL_OVERDUE, BACKUP_STALE, REBOOT_REQUIRED) per
-- environment and subject (the environment itself, or a server). A notification is raised only when "bad" flips;
-- generation counts the flips and makes the event id of each flip unique and stable.
create table notification_conditions (
    condition   varchar(32)  not null,
    environment varchar(100) not null,
    subject     varchar(300) not null,
    bad         boolean      not null,
    generation  integer      not null,
    changed_at  timestamptz  not null,
    checked_at  timestamptz  not null,
    primary key (condition, environment, subject)
);

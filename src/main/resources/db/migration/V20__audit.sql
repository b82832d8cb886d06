-- Audit log (see docs/audit.md): who did what, when, from which address, and how it ended. One row per mutating
-- HTTP request (API and pages), sign-in, failed sign-in, rejected API token, sign-out, and run queued without an
-- HTTP request (schedules, Opsdeck itself). Never bodies, header values or query strings.
--
-- Append-only from the application's point of view: a trigger refuses UPDATE, TRUNCATE and DELETE. The only
-- DELETE it lets through is the retention purge, audit_purge(retention_days), which marks its own transaction and
-- deletes rows older than the retention only (at least one day). The application's database role owns this table,
-- so whoever holds that role's password (or a superuser) can still drop the trigger: this guards against bugs and
-- stray statements, not against someone who controls the database.

create table audit_events (
    id          bigint        generated always as identity primary key,
    occurred_at timestamptz   not null default now(),
    -- kind:name of who acted (user:alice, token:ci-deploy, schedule:nightly, system:opsdeck), or 'anonymous'
    actor       varchar(200)  not null,
    -- the actor's base role at the time (VIEWER, OPERATOR, ADMIN); null when anonymous
    actor_role  varchar(16),
    -- client address as the servlet container saw it (forwarded headers only via server.forward-headers-strategy)
    address     varchar(64),
    -- HTTP method and route pattern ("POST /api/v1/runs/{id}/cancel"), or LOGIN, LOGOUT, RUN_QUEUED
    action      varchar(300)  not null,
    -- what was acted on: path variables ("id=…"), "user:alice" for a failed sign-in, "run=…"
    target      varchar(1000),
    environment varchar(100),
    outcome     varchar(16)   not null
        constraint audit_events_outcome_check check (outcome in ('SUCCESS', 'DENIED', 'FAILURE')),
    -- HTTP status of the answer; null for events without a request
    status      integer,
    detail      varchar(1000),
    -- which Opsdeck node wrote it
    node        varchar(200)
);

create index audit_events_occurred_at_idx on audit_events (occurred_at desc, id desc);
create index audit_events_actor_idx on audit_events (actor, occurred_at desc);
create index audit_events_environment_idx on audit_events (environment, occurred_at desc)
    where environment is not null;

create function audit_events_append_only() returns trigger language plpgsql as $$
declare
    purge_before text := current_setting('opsdeck.audit_purge_before', true);
begin
    if tg_op = 'DELETE' and purge_before is not null and purge_before <> ''
            and purge_before::timestamptz <= now() - interval '1 day'
            and old.occurred_at < purge_before::timestamptz then
        return old;
    end if;
    raise exception 'audit_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_append_only();

create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only();

-- The retention purge: deletes rows older than retention_days (>= 1) and returns how many. The cut-off it allows
-- is set for this transaction only and cleared again before it returns.
create function audit_purge(retention_days integer) returns bigint language plpgsql as $$
declare
    cutoff  timestamptz;
    removed bigint;
begin
    if retention_days is null or retention_days < 1 then
        raise exception 'audit retention must be at least 1 day' using errcode = 'invalid_parameter_value';
    end if;
    cutoff := now() - make_interval(days => retention_days);
    perform set_config('opsdeck.audit_purge_before', cutoff::text, true);
    delete from audit_events where occurred_at < cutoff;
    get diagnostics removed = row_count;
    perform set_config('opsdeck.audit_purge_before', '', true);
    return removed;
end
$$;

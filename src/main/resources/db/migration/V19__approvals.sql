-- Approvals by a second admin (docs/approvals.md): which environments require them, and every request with its
-- decision. A request is PENDING until an ADMIN of its environment other than the requester approves it (APPROVED,
-- with the run it launched, or FAILED when that launch failed), rejects it (REJECTED) or it expires (EXPIRED).

create table approval_policies (
    environment       varchar(63)  primary key
        constraint approval_policies_environment_fk references environments (name)
            on delete cascade on update cascade,
    approval_required boolean      not null default false,
    updated_by        varchar(200) not null,
    updated_at        timestamptz  not null
);

-- environment is a name, not a key: the history outlives a deleted environment.
-- payload holds what the launching module needs to launch again, never a secret (secrets are resolved at approval).
create table approval_requests (
    id              uuid          primary key,
    kind            varchar(32)   not null,
    environment     varchar(63)   not null,
    summary         varchar(500)  not null,
    payload         jsonb         not null,
    status          varchar(16)   not null
        constraint approval_requests_status_check
            check (status in ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'FAILED')),
    requested_by    varchar(200)  not null,  -- actor, kind:name
    requester_kind  varchar(16)   not null,
    requester_name  varchar(200)  not null,
    requester_user  varchar(200)  not null,  -- the person: the user, or the owner of the token used
    requester_role  varchar(16)   not null,  -- the requester's role in the environment when asking
    requested_at    timestamptz   not null,
    expires_at      timestamptz   not null,
    decided_by      varchar(200),
    decided_at      timestamptz,
    reason          varchar(1000),           -- rejection reason, or why the approved launch failed
    run_id          uuid,
    result          varchar(1000)
);

create index approval_requests_status_idx on approval_requests (status, requested_at desc);
create index approval_requests_environment_idx on approval_requests (environment, requested_at desc);

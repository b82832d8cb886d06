-- Exact numbers of runs per (status, kind, environment), so that a page of GET /api/v1/runs (and /runs) does not
-- count every run each time (issue 8: 100,000 runs, >= 2,000 requests/s). Triggers on runs append signed deltas
-- (append only: concurrent launches and transitions never wait for each other here); RunList sums the rows that
-- match a filter and folds them into one row per group from time to time (a DELETE ... RETURNING and an INSERT in
-- one statement, so a reader sees either the deltas or their sum, never both or neither).

create table run_counts (
    status      varchar(16) not null,
    kind        varchar(16) not null,
    environment varchar(64),
    runs        bigint      not null
);

create function run_counts_inserted() returns trigger language plpgsql as $$
begin
    insert into run_counts (status, kind, environment, runs)
    select status, kind, environment, count(*) from inserted_runs group by status, kind, environment;
    return null;
end $$;

create function run_counts_deleted() returns trigger language plpgsql as $$
begin
    insert into run_counts (status, kind, environment, runs)
    select status, kind, environment, -count(*) from deleted_runs group by status, kind, environment;
    return null;
end $$;

create function run_counts_updated() returns trigger language plpgsql as $$
begin
    insert into run_counts (status, kind, environment, runs)
    values (old.status, old.kind, old.environment, -1), (new.status, new.kind, new.environment, 1);
    return null;
end $$;

create trigger run_counts_insert after insert on runs referencing new table as inserted_runs
    for each statement execute function run_counts_inserted();
create trigger run_counts_delete after delete on runs referencing old table as deleted_runs
    for each statement execute function run_counts_deleted();
-- Only when a counted column changes: heartbeats and progress updates cost nothing.
create trigger run_counts_update after update of status, kind, environment on runs for each row
    when (old.status is distinct from new.status or old.kind is distinct from new.kind
          or old.environment is distinct from new.environment)
    execute function run_counts_updated();

insert into run_counts (status, kind, environment, runs)
select status, kind, environment, count(*) from runs group by status, kind, environment;

-- The maintenance checklist (docs/maintenance.md): every time someone ticks an item off, with who, when and an
-- optional note. Items tracked per environment name it; team-wide items (security audit, capacity planning, ...)
-- have no environment. Rows are never updated: the latest per item and environment is the item's state, the rest
-- is its history.
create table maintenance_ticks (
    id             uuid         primary key,
    item           varchar(64)  not null,
    environment_id uuid         references environments (id) on delete cascade,
    done_by        varchar(200) not null,
    done_at        timestamptz  not null,
    note           varchar(500)
);

create index maintenance_ticks_item_idx on maintenance_ticks (item, environment_id, done_at desc);

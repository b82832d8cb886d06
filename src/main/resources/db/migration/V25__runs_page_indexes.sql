-- The runs list orders by (created_at desc, id desc) (RunList, the API and the dashboard; issue 8, scenario 6).
-- V4's indexes ended in "id" ascending or not at all, so PostgreSQL sorted every page's ties on created_at itself
-- (an incremental sort on top of the index scan). Both indexes now end in the list's own order.
drop index runs_created_idx;
create index runs_created_idx on runs (created_at desc, id desc);
drop index runs_environment_idx;
create index runs_environment_idx on runs (environment, created_at desc, id desc);

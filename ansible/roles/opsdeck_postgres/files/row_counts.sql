-- One JSON object {"schema.table": rows} with the exact row count of every ordinary table outside the system
-- schemas; \gexec runs the query the first statement builds. Each count is a scalar subquery of its own, so a large
-- table is scanned by parallel workers (partial aggregates); one UNION ALL gave each table to a single process
-- (Parallel Append). JIT is off: compiling the plan cost more than it saved on a count (docs/benchmarks.md, drill,
-- sixteenth round).
SELECT current_setting('server_version_num')::int >= 110000 AS opsdeck_has_jit \gset
\if :opsdeck_has_jit
SET jit = off;
\endif
SELECT CASE WHEN count(*) = 0 THEN 'SELECT ''{}''::json'
       ELSE 'SELECT json_object_agg(t, n) FROM (VALUES ' ||
            string_agg(format('(%L::text, (SELECT count(*) FROM %I.%I))',
                              n.nspname || '.' || c.relname, n.nspname, c.relname), ', ') ||
            ') s (t, n)' END
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
\gexec

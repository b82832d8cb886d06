-- One JSON object {"schema.table": rows} with the exact row count of every ordinary table outside the system
-- schemas; \gexec runs the query the first statement builds.
SELECT CASE WHEN count(*) = 0 THEN 'SELECT ''{}''::json'
       ELSE 'SELECT json_object_agg(t, n) FROM (' ||
            string_agg(format('SELECT %L::text AS t, count(*) AS n FROM %I.%I',
                              n.nspname || '.' || c.relname, n.nspname, c.relname), ' UNION ALL ') ||
            ') s' END
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
\gexec

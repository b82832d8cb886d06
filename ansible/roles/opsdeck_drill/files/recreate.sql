-- Drops and recreates database :db for a restore (psql script; variables db and maintenance connection).
-- New connections are blocked and existing ones terminated first, so a connected client cannot make the drill
-- fail (if the drop fails, the playbook allows connections again). The new database keeps the old one's owner,
-- encoding and locale (the cluster default when it did not exist).
\set terminated 0
SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') AS db_exists,
       current_setting('server_version_num')::int >= 130000 AS force_drop
\gset
SELECT coalesce(pg_get_userbyid(d.datdba), current_user) AS owner, pg_encoding_to_char(d.encoding) AS enc,
       d.datcollate AS coll, d.datctype AS ctype
  FROM pg_database d
 WHERE d.datname = CASE WHEN :'db_exists'::boolean THEN :'db' ELSE 'template1' END
\gset
\if :db_exists
ALTER DATABASE :"db" ALLOW_CONNECTIONS false;
-- tells the playbook to allow connections again if the DROP below fails
\echo blocked=yes
SELECT count(pg_terminate_backend(pid)) AS terminated
  FROM pg_stat_activity WHERE datname = :'db' AND pid <> pg_backend_pid()
\gset
\if :force_drop
DROP DATABASE :"db" WITH (FORCE);
\else
DROP DATABASE :"db";
\endif
\else
SELECT current_user AS owner \gset
\endif
CREATE DATABASE :"db" OWNER :"owner" TEMPLATE template0 ENCODING :'enc' LC_COLLATE :'coll' LC_CTYPE :'ctype';
\echo existed=:db_exists terminated=:terminated owner=:owner

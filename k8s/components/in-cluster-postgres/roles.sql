-- The PostgreSQL roles of the Jixiao suite. Run as a superuser with the psql
-- variables db, app_password, migrate_password and backup_password:
--   psql -v ON_ERROR_STOP=1 -v db=jixiao -v app_password="$(cat app)" \
--        -v migrate_password="$(cat migrate)" -v backup_password="$(cat backup)" -f roles.sql
-- The in-cluster PostgreSQL runs it at its first start (10-jixiao-roles.sh);
-- a DBA runs it on an external server (PostgreSQL 14 or later:
-- pg_read_all_data). Idempotent: it creates what is missing and sets the
-- passwords, ownership and privileges again, so it also rotates passwords.
--
--   jixiao_migrate  owns the schemas budget, indicator, evaluation and every
--                   table in them; the Job jixiao-migrate runs as it.
--   jixiao_app      the services: reads and writes rows, owns nothing, no
--                   DDL, no SUPERUSER/CREATEROLE/CREATEDB; may not UPDATE or
--                   DELETE audit rows (the Job's grants.sql revokes that).
--   jixiao_backup   pg_dump: reads everything, writes nothing.
\set ON_ERROR_STOP on

SELECT 'CREATE ROLE jixiao_migrate' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jixiao_migrate') \gexec
SELECT 'CREATE ROLE jixiao_app' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jixiao_app') \gexec
SELECT 'CREATE ROLE jixiao_backup' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jixiao_backup') \gexec

ALTER ROLE jixiao_migrate LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD :'migrate_password';
ALTER ROLE jixiao_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD :'app_password';
ALTER ROLE jixiao_backup LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'backup_password';
GRANT pg_read_all_data TO jixiao_backup;

-- Only these roles reach the database; only the migration role makes schemas.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO jixiao_app;
GRANT CONNECT, TEMPORARY, CREATE ON DATABASE :"db" TO jixiao_migrate;
GRANT CONNECT ON DATABASE :"db" TO jixiao_backup;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- One schema per service, owned by the migration role (with what an earlier
-- layout made as another owner handed over).
CREATE SCHEMA IF NOT EXISTS budget AUTHORIZATION jixiao_migrate;
CREATE SCHEMA IF NOT EXISTS indicator AUTHORIZATION jixiao_migrate;
CREATE SCHEMA IF NOT EXISTS evaluation AUTHORIZATION jixiao_migrate;
ALTER SCHEMA budget OWNER TO jixiao_migrate;
ALTER SCHEMA indicator OWNER TO jixiao_migrate;
ALTER SCHEMA evaluation OWNER TO jixiao_migrate;
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT n.nspname, c.relname, c.relkind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('budget', 'indicator', 'evaluation')
       AND c.relkind IN ('r', 'p', 'v', 'm')
       AND pg_get_userbyid(c.relowner) <> 'jixiao_migrate'
  LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO jixiao_migrate',
                   CASE r.relkind WHEN 'v' THEN 'VIEW'
                                  WHEN 'm' THEN 'MATERIALIZED VIEW'
                                  ELSE 'TABLE' END,
                   r.nspname, r.relname);
  END LOOP;
END $$;

-- What the services may do with the rows of what the migrations make.
GRANT USAGE ON SCHEMA budget, indicator, evaluation TO jixiao_app;
ALTER DEFAULT PRIVILEGES FOR ROLE jixiao_migrate IN SCHEMA budget, indicator, evaluation
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jixiao_app;
ALTER DEFAULT PRIVILEGES FOR ROLE jixiao_migrate IN SCHEMA budget, indicator, evaluation
  GRANT USAGE, SELECT ON SEQUENCES TO jixiao_app;

-- Run by the Job jixiao-migrate after the three migrations, as jixiao_migrate
-- (the owner of every table they made): what the services' role jixiao_app
-- may do with the rows. Idempotent.
GRANT USAGE ON SCHEMA budget, indicator, evaluation TO jixiao_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA budget, indicator, evaluation TO jixiao_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA budget, indicator, evaluation TO jixiao_app;
-- The audit trail is append-only, and the schema version is the migrations'.
REVOKE UPDATE, DELETE, TRUNCATE ON budget.audit_log, indicator.audit_log, evaluation.audit_log FROM jixiao_app;
-- A published package is written once (docs/adr/0009).
REVOKE UPDATE, DELETE, TRUNCATE ON evaluation.publication_packages, evaluation.publication_files FROM jixiao_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON budget.schema_migrations, indicator.schema_migrations, evaluation.schema_migrations FROM jixiao_app;

#!/usr/bin/env bash
# Creates the suite's roles (roles.sql) with the passwords of the Secrets
# jixiao-postgres-app, -migrate and -backup, mounted at /etc/jixiao/pg-roles.
# The postgres image runs it once, on an empty data directory, as the
# superuser over the local socket. Run it again after a password changed:
#   kubectl -n jixiao exec postgres-0 -- bash /docker-entrypoint-initdb.d/10-jixiao-roles.sh
# (a data directory made by an earlier layout, whose superuser is jixiao:
#   kubectl -n jixiao exec postgres-0 -- env POSTGRES_USER=jixiao bash /docker-entrypoint-initdb.d/10-jixiao-roles.sh)
# The passwords go to psql by `\set … \`cat FILE\``, never on a command line.
set -euo pipefail
dir=/etc/jixiao/pg-roles
for role in app migrate backup; do
  if [ ! -s "$dir/$role" ]; then
    echo "10-jixiao-roles.sh: $dir/$role is missing or empty (Secret jixiao-postgres-$role)" >&2
    exit 1
  fi
done
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" \
  --dbname "${POSTGRES_DB:-jixiao}" -v db="${POSTGRES_DB:-jixiao}" <<'SQL'
\set app_password `cat /etc/jixiao/pg-roles/app`
\set migrate_password `cat /etc/jixiao/pg-roles/migrate`
\set backup_password `cat /etc/jixiao/pg-roles/backup`
\i /etc/jixiao/pg-init/roles.sql
SQL

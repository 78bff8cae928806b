#!/bin/sh
# One database per service, so each could move to a server of its own. The postgres image runs this once, when it
# creates its data directory (deploy/compose.yaml mounts it into /docker-entrypoint-initdb.d).
set -eu
for service in users admin ambassador checkout email media store notifications analytics; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -c "CREATE DATABASE ambassador_$service"
done

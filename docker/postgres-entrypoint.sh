#!/bin/sh
# Entrypoint of the PostgreSQL image docker/build-postgres-image.sh builds from Debian's packages. It follows the
# official postgres image's contract, which Testcontainers and `docker run -e POSTGRES_PASSWORD=…` rely on:
# POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_DB
# (default: the user's name); password authentication (scram-sha-256) from any address; arguments after `postgres`
# are server options; the first start initialises the cluster and prints "ready to accept connections" twice (once
# for the initialisation server, once for the real one), as the official image does.
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=${PGDATA:-/var/lib/postgresql/data}
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
[ "${1:-postgres}" = postgres ] && [ $# -gt 0 ] && shift
if [ ! -s "$data/PG_VERSION" ]; then
  if [ "$auth" != trust ] && [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "POSTGRES_PASSWORD is required (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  mkdir -p "$data" /run/postgresql
  chown -R postgres:postgres "$data" /run/postgresql
  chmod 0700 "$data"
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-unused}" > "$pwfile"
  chown postgres "$pwfile"
  runuser -u postgres -- "$bin/initdb" -D "$data" -U "$user" --pwfile="$pwfile" -A "$auth" -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  {
    echo "listen_addresses = '*'"
    echo "unix_socket_directories = '/run/postgresql'"
  } >> "$data/postgresql.conf"
  echo "host all all all $auth" >> "$data/pg_hba.conf"
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -o "-c listen_addresses=''" -w start
  if [ "$db" != postgres ]; then
    PGPASSWORD="${POSTGRES_PASSWORD:-}" runuser -u postgres -- "$bin/psql" -h /run/postgresql -U "$user" \
      -d postgres -q -c "CREATE DATABASE \"$db\""
  fi
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast -w stop
fi
mkdir -p /run/postgresql && chown postgres:postgres /run/postgresql
exec runuser -u postgres -- "$bin/postgres" -D "$data" "$@"

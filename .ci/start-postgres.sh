#!/usr/bin/env bash
# Starts a private PostgreSQL 15 for tests and prints ONLY its connection URL on stdout
# (everything else goes to stderr). The cluster lives in /tmp/vigil-pg-<port>: data, socket
# and log; .ci/stop-postgres.sh finds it again from the URL's port.
#   VIGIL_PG_BIN  where initdb/pg_ctl live (default /usr/lib/postgresql/15/bin)
#   VIGIL_PG_PORT port to use (default: a free loopback port)
set -euo pipefail

bin=${VIGIL_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$bin/initdb" ]; then
  echo "start-postgres: $bin/initdb not found (install the postgresql package)" >&2
  exit 1
fi

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port=${VIGIL_PG_PORT:-}
dir=""
for _ in 1 2 3 4 5; do
  candidate=${port:-$(free_port)}
  if mkdir "/tmp/vigil-pg-$candidate" 2>/dev/null; then
    port=$candidate
    dir="/tmp/vigil-pg-$candidate"
    break
  fi
  [ -n "${VIGIL_PG_PORT:-}" ] && break
done
if [ -z "$dir" ]; then
  echo "start-postgres: could not reserve a port/directory under /tmp" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
[ "$(id -u)" = "0" ] && chown postgres "$dir"

as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
# A throwaway test server: durability is traded for speed (fsync off); many connections for
# parallel test files and worker processes.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >&2 || {
  cat "$dir/server.log" >&2
  exit 1
}

psql_() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
psql_ -d postgres -c 'CREATE DATABASE vigil_test' >&2
# PostGIS is optional: the store falls back to indexed latitude/longitude without it.
if psql_ -d vigil_test -c 'CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null 2>&1; then
  echo "start-postgres: PostgreSQL on port $port with PostGIS ($dir)" >&2
else
  echo "start-postgres: PostgreSQL on port $port without PostGIS ($dir)" >&2
fi
echo "postgres://postgres@127.0.0.1:$port/vigil_test"

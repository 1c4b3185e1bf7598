#!/usr/bin/env bash
# Stops the private PostgreSQL that .ci/start-postgres.sh started and removes its folder.
# Which one: the URL given as $1, else VIGIL_TEST_PG_URL (its port names /tmp/vigil-pg-<port>).
set -euo pipefail

bin=${VIGIL_PG_BIN:-/usr/lib/postgresql/15/bin}
url=${1:-${VIGIL_TEST_PG_URL:-}}
if [ -z "$url" ]; then
  echo "stop-postgres: give the URL start-postgres.sh printed (or set VIGIL_TEST_PG_URL)" >&2
  exit 1
fi
port=$(printf '%s' "$url" | sed -E 's#^[a-z]+://[^/]*:([0-9]+)/.*$#\1#')
dir="/tmp/vigil-pg-$port"
if [ ! -d "$dir/data" ]; then
  echo "stop-postgres: no cluster at $dir" >&2
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
else
  "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
fi
rm -rf "$dir"

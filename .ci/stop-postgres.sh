#!/usr/bin/env bash
# Stops the server .ci/start-postgres.sh started on the given port (from its URL) and removes its files.
set -u
PORT="${1:-55432}"
PORT="${PORT##*:}"; PORT="${PORT%%/*}"
DIR=$(cat "/tmp/rollcall-pg-dir.$PORT" 2>/dev/null) || exit 0
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
rm -rf "$DIR" "/tmp/rollcall-pg-dir.$PORT"

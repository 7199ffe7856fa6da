#!/usr/bin/env bash
set -u
DIR=$(cat /tmp/rollcall-pg-dir 2>/dev/null) || exit 0
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
rm -rf "$DIR" /tmp/rollcall-pg-dir

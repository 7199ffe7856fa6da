#!/usr/bin/env bash
# Installs (if needed) and starts a throwaway PostgreSQL 15 on 127.0.0.1 for the test suite, and prints
# the DATABASE_URL to use. initdb refuses root, so the cluster runs as the postgres user.
set -euo pipefail
# 55432 unless it is taken (a developer's own test server), then any free port.
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
PORT="${PGPORT_CI:-55432}"
if [ -z "${PGPORT_CI:-}" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then PORT=$(free_port); fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
DIR=$(mktemp -d /tmp/rollcall-pg-XXXXXX)
chown postgres:postgres "$DIR"
runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -k $DIR" start >/dev/null
echo "$DIR" > "/tmp/rollcall-pg-dir.$PORT"
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"

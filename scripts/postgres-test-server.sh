#!/bin/sh
# A throwaway PostgreSQL for the store's contract tests: initdb in a temp directory, trust auth,
# listening on 127.0.0.1 only, on a free port. Installs nothing (CI runs
# `apt-get install -y postgresql` first). Runs the server as the `postgres` user when started
# as root (PostgreSQL refuses to run as root).
#
#   eval "$(scripts/postgres-test-server.sh start)"   # exports HABEAS_TEST_POSTGRES_URL
#   swift test
#   scripts/postgres-test-server.sh stop
set -eu

STATE_FILE="${HABEAS_PG_STATE:-/tmp/habeas-test-postgres.state}"

bindir() {
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    echo "postgres-test-server: no PostgreSQL found under /usr/lib/postgresql (apt-get install -y postgresql)" >&2
    exit 1
}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
        || echo 55432
}

case "${1:-}" in
start)
    BIN=$(bindir)
    DATA=$(mktemp -d /tmp/habeas-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
    PORT=$(free_port)
    # Tests run in parallel, each store with its own pool: 500 connections, not the default 100.
    as_pg "$BIN/initdb" -D "$DATA/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$DATA/initdb.log" 2>&1 \
        || { cat "$DATA/initdb.log" >&2; exit 1; }
    as_pg "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA -c fsync=off -c max_connections=500" start >/dev/null \
        || { cat "$DATA/server.log" >&2; exit 1; }
    URL="postgres://postgres@127.0.0.1:$PORT/postgres?tlsmode=disable"
    printf 'DATA=%s\nBIN=%s\n' "$DATA" "$BIN" >"$STATE_FILE"
    echo "export HABEAS_TEST_POSTGRES_URL='$URL'"
    ;;
stop)
    [ -f "$STATE_FILE" ] || { echo "postgres-test-server: not running" >&2; exit 0; }
    . "$STATE_FILE"
    as_pg "$BIN/pg_ctl" -D "$DATA/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$DATA" "$STATE_FILE"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the storage tests and print the line to export.
#
#   eval "$(bash .ci/postgres.sh)"      # start (or reuse) it; sets STATIONBOT_TEST_POSTGRES_URL
#   bash .ci/postgres.sh stop           # stop it and delete its files
#
# Idempotent: a second call while the server runs prints the same export line. Installs
# PostgreSQL with apt-get when initdb/pg_ctl are missing. The cluster lives in a temp dir
# ($STATIONBOT_PG_DIR, default /tmp/stationbot-pg), belongs to a non-root user (postgres, or a
# system user made for it), listens on 127.0.0.1 only, on a free port, with trust auth.
# Everything but the export line goes to stderr.
set -euo pipefail

BASE="${STATIONBOT_PG_DIR:-/tmp/stationbot-pg}"
DB_USER=stationbot
DB_NAME=stationbot_test

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local dir
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

BINDIR="$(find_bindir || true)"
if [ -z "$BINDIR" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        log "PostgreSQL is not installed and this is not root: install it (apt-get install postgresql)"
        exit 1
    fi
    log "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BINDIR="$(find_bindir)"
fi

# The cluster's owner: never root (PostgreSQL refuses to run as root).
if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then
        OWNER=postgres
    else
        OWNER=stationbot-pg
        id "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
    fi
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER="$(id -un)"
    as_owner() { "$@"; }
fi

DATA="$BASE/data"
PORT_FILE="$BASE/port"

if [ "${1:-start}" = "stop" ]; then
    if [ -d "$DATA" ]; then
        as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast stop >&2 || true
    fi
    rm -rf "$BASE"
    log "stopped"
    exit 0
fi

export_line() {
    echo "export STATIONBOT_TEST_POSTGRES_URL=postgresql+asyncpg://$DB_USER@127.0.0.1:$1/$DB_NAME"
}

# Already running (an earlier call)? Reuse it.
if [ -f "$PORT_FILE" ] && [ -d "$DATA" ] && as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    port="$(cat "$PORT_FILE")"
    log "reusing the server on 127.0.0.1:$port"
    export_line "$port"
    exit 0
fi

# A stale or half-made cluster: start over.
if [ -d "$DATA" ]; then
    as_owner "$BINDIR/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$BASE"
mkdir -p "$BASE"
chown "$OWNER" "$BASE"
chmod 700 "$BASE"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

log "initdb in $DATA (owner $OWNER, $BINDIR)"
as_owner "$BINDIR/initdb" -D "$DATA" -U "$DB_USER" --auth=trust -E UTF8 --no-locale >"$BASE/initdb.log" 2>&1 || {
    cat "$BASE/initdb.log" >&2
    exit 1
}
log "starting on 127.0.0.1:$port"
as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $BASE -c fsync=off" start >&2 || {
    cat "$BASE/server.log" >&2
    exit 1
}
as_owner "$BINDIR/createdb" -h 127.0.0.1 -p "$port" -U "$DB_USER" "$DB_NAME"
echo "$port" >"$PORT_FILE"
export_line "$port"

#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests: scripts/postgres.sh start|stop|status|url
#
#   start   install Debian's server if missing (as root), initdb on first use, start it on
#           127.0.0.1 only, and make sure role `cec` (password `cec`) and database
#           `cec_ledger_test` exist. Succeeds if it is already running.
#   stop    stop it (succeeds if it is not running).
#   status  print whether it runs; exit 0 if it does, 3 if it does not.
#   url     print the URL the tests use (CEC_TEST_POSTGRES_URL).
#   datadir print the data directory in use.
#
# Settings: CEC_PG_PORT (default 54329), CEC_PG_DATA (default <repo>/.pgdata, gitignored),
# CEC_PG_BIN (default /usr/lib/postgresql/15/bin). The unix socket lives in the data directory.
# PostgreSQL refuses to run as root, so as root every server command runs as the `postgres`
# system user (runuser) and the data directory belongs to it. When that user cannot reach
# <repo> (a clone in a root user's home or in a private temporary directory), the default data
# directory moves to /tmp/cec-ledger-pgdata-<hash of the clone's path>, and `start` says so.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
say() { echo "postgres.sh: $*"; }

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${CEC_PG_PORT:-54329}"
DATA="${CEC_PG_DATA:-$REPO/.pgdata}"
PGBIN="${CEC_PG_BIN:-/usr/lib/postgresql/15/bin}"
ROLE=cec
PASSWORD=cec
DBNAME=cec_ledger_test

[[ "$PORT" =~ ^[0-9]+$ ]] || die "CEC_PG_PORT must be a port number, not '$PORT'"
mkdir -p "$(dirname "$DATA")"
DATA="$(cd "$(dirname "$DATA")" && pwd)/$(basename "$DATA")"
cd /  # the postgres user may not be allowed into the caller's directory

if [[ $EUID -eq 0 ]]; then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

# As root the server runs as `postgres`, which must be able to reach the data directory. A clone
# inside a directory closed to other users cannot hold it, so the default moves to a directory
# of its own under /tmp, named after the clone (the same clone always finds its server again).
# An explicit CEC_PG_DATA is never moved: a wrong one fails in init_cluster with its reason.
# Run again after installing the server, which creates the `postgres` user.
MOVED_FROM=""
locate_data() {
    [[ $EUID -eq 0 && -z "${CEC_PG_DATA:-}" && -z "$MOVED_FROM" ]] || return 0
    id postgres >/dev/null 2>&1 || return 0
    as_pg test -x "$(dirname "$DATA")" 2>/dev/null && return 0
    MOVED_FROM="$DATA"
    DATA="/tmp/cec-ledger-pgdata-$(printf '%s' "$MOVED_FROM" | md5sum | cut -c1-12)"
    # A predictable name in /tmp: refuse one that someone else prepared.
    if [[ -L "$DATA" ]] || { [[ -e "$DATA" ]] && [[ "$(stat -c %U "$DATA")" != postgres ]]; }; then
        die "$DATA exists and does not belong to user postgres; remove it or set CEC_PG_DATA"
    fi
}
locate_data
(( ${#DATA} <= 90 )) || die "CEC_PG_DATA path too long for a unix socket (max 90 chars): $DATA"

install_server() {
    [[ -x "$PGBIN/pg_ctl" ]] && return 0
    [[ $EUID -eq 0 ]] || die "no PostgreSQL server in $PGBIN; install it: apt-get install postgresql"
    say "installing Debian's postgresql package (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
        || die "apt-get install postgresql failed"
    [[ -x "$PGBIN/pg_ctl" ]] || die "postgresql installed, but $PGBIN/pg_ctl is missing (set CEC_PG_BIN)"
}

running() { [[ -f "$DATA/PG_VERSION" ]] && as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

# The port the running server listens on (line 4 of postmaster.pid).
running_port() { sed -n 4p "$DATA/postmaster.pid" 2>/dev/null; }

psql_super() {
    as_pg "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$DATA" -p "$(running_port)" \
        -U postgres -d postgres "$@"
}

init_cluster() {
    [[ -f "$DATA/PG_VERSION" ]] && return 0
    say "initdb $DATA"
    mkdir -p "$DATA"
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' system user (is the postgresql package installed?)"
        chown postgres: "$DATA"
        as_pg test -w "$DATA" \
            || die "user postgres cannot write $DATA (a parent directory is closed to it); set CEC_PG_DATA to a directory it can reach"
    fi
    chmod 700 "$DATA"
    # Local (unix socket, inside the 0700 data directory) connections are trusted; TCP needs
    # a password (scram-sha-256).
    as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --encoding=UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 >"$DATA.initdb.log" 2>&1 \
        || { cat "$DATA.initdb.log" >&2; die "initdb failed (log above)"; }
    rm -f "$DATA.initdb.log"
    cat >>"$DATA/postgresql.conf" <<'EOF'

# --- cec-ledger throwaway test server (scripts/postgres.sh) ---
# This server holds nothing but test data that every test creates and drops, so durability
# is traded for speed: a crash may lose or corrupt it, and `rm -rf .pgdata` is the fix.
fsync = off
synchronous_commit = off
full_page_writes = off
# Port, listen address and socket directory are given on the command line at each start.
EOF
}

start() {
    install_server
    locate_data
    if [[ -n "$MOVED_FROM" ]]; then
        say "user postgres cannot enter $(dirname "$MOVED_FROM"), so the data directory is $DATA" \
            "(set CEC_PG_DATA to choose another)"
    fi
    init_cluster
    if running; then
        local port
        port="$(running_port)"
        [[ "$port" == "$PORT" ]] \
            || die "a server already runs from $DATA on port $port, not $PORT; stop it first"
        say "already running on 127.0.0.1:$PORT"
    else
        local log="$DATA/server.log"  # (9>&- below: the server must not inherit the lock)
        say "starting on 127.0.0.1:$PORT (data $DATA)"
        if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$log" -w -t 60 -s \
            -o "-c listen_addresses=127.0.0.1 -p $PORT -k '$DATA'" start >/dev/null 2>&1 9>&-; then
            local why
            why="$(grep -E 'FATAL|ERROR|could not' "$log" 2>/dev/null | tail -n 1 || true)"
            die "server did not start on port $PORT: ${why:-see $log}"
        fi
    fi
    # Role and database, created once (cheap to check at every start).
    psql_super <<EOF >/dev/null || die "could not create role $ROLE / database $DBNAME"
SELECT 'CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD ''$PASSWORD'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') \gexec
SELECT 'CREATE DATABASE $DBNAME OWNER $ROLE'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DBNAME') \gexec
EOF
    say "ready: $(url)"
}

stop() {
    if ! running; then
        say "not running"
        return 0
    fi
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 60 -s stop >/dev/null \
        || die "could not stop the server in $DATA"
    say "stopped"
}

status() {
    if running; then
        say "running on 127.0.0.1:$(running_port) (data $DATA)"
    else
        say "not running (data $DATA)"
        return 3
    fi
}

url() { echo "postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DBNAME"; }

# One start or stop at a time per data directory (two `make test` runs may race).
with_lock() {
    local lock="/tmp/cec-ledger-pg-$(printf '%s' "$DATA" | md5sum | cut -c1-16).lock"
    exec 9>"$lock"
    flock -w 120 9 || die "timed out waiting for another postgres.sh on $DATA"
    "$@"
}

case "${1:-}" in
    start) with_lock start ;;
    stop) with_lock stop ;;
    status) status ;;
    url) url ;;
    datadir) echo "$DATA" ;;
    *) die "usage: scripts/postgres.sh start|stop|status|url|datadir" ;;
esac

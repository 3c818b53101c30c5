#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests, the bench and local development.
#
#   scripts/pg-local.sh start DIR   initdb into DIR, start on a free 127.0.0.1 port, create database
#                                   "tokenledger"; prints its URL (also written to DIR/url)
#   scripts/pg-local.sh stop DIR    stop the server and delete DIR
#
# One-liner: export TOKENLEDGER_TEST_PG_URL=$(scripts/pg-local.sh start "$(mktemp -d)")
#
# The server refuses to run as root, so as root it runs as the `postgres` user (DIR is chowned to
# it). Logins over TCP need a password (scram-sha-256), so tests can try a wrong one; the unix
# socket inside DIR trusts local users. Binaries: `pg_config --bindir`, else Debian's PostgreSQL 15.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

bindir=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then bindir=/usr/lib/postgresql/15/bin; fi
if [ ! -x "$bindir/initdb" ]; then
  echo "pg-local: PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/15/bin); install the postgresql package" >&2
  exit 2
fi

# Runs a command as the server's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    port=$(node -e 'const s=require("node:net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
    mkdir -p "$dir/sock"
    printf '%s\n' "$password" >"$dir/pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$dir"; fi
    chmod 700 "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    rm -f "$dir/pwfile"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c max_connections=200" start >/dev/null || {
      cat "$dir/server.log" >&2
      exit 1
    }
    as_owner "$bindir/createdb" -h "$dir/sock" -p "$port" -U postgres tokenledger
    url="postgres://postgres:${password}@127.0.0.1:${port}/tokenledger"
    printf '%s\n' "$url" >"$dir/url"
    printf '%s\n' "$url"
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    # Delete only what `start` made (a stray DIR argument must not wipe a folder).
    if [ -f "$dir/url" ] || [ -f "$dir/data/PG_VERSION" ] || [ -f "$dir/initdb.log" ]; then rm -rf "$dir"; fi
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac

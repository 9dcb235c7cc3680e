#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) run, for
# the production-path tests. This machine kind starts both before a session;
# elsewhere they are installed and started here. Fails loudly otherwise: the
# tests are never skipped.
set -uo pipefail
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_isready >/dev/null || ! command -v redis-cli >/dev/null; then
  echo "Installing PostgreSQL and Redis from Debian's packages..."
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server
fi
if ! pg_up; then
  echo "Starting PostgreSQL..."
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 20); do pg_up && break; sleep 1; done
fi
if ! redis_up; then
  echo "Starting Redis..."
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  for _ in $(seq 1 20); do redis_up && break; sleep 1; done
fi
pg_up || { echo "PostgreSQL is not reachable on 127.0.0.1:5432: the production tests cannot run" >&2; exit 1; }
redis_up || { echo "Redis is not reachable on 127.0.0.1:6379: the production tests cannot run" >&2; exit 1; }
# The tests connect as postgres without a password (trust on loopback, as on this machine kind).
psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1" >/dev/null \
  || { echo "PostgreSQL does not accept user postgres on 127.0.0.1 without a password (trust auth)" >&2; exit 1; }
echo "PostgreSQL and Redis are up."

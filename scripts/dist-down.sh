#!/usr/bin/env bash
# Stops what scripts/dist-up.sh started: the gateway, the service processes (SIGTERM, drained) and Kafka.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${DIST_DIR:-$repo/.dist}
[ -f "$state/nginx/nginx.pid" ] && nginx -c "$state/nginx/nginx.conf" -p "$state/nginx" -s quit 2>/dev/null
for f in "$state"/run/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if kill -TERM "$pid" 2>/dev/null; then echo "  stopping $(basename "$f" .pid) (pid $pid)"; fi
done
for f in "$state"/run/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$f"
done
[ "${KEEP_KAFKA:-}" = 1 ] || "$repo/scripts/kafka.sh" stop
echo "distributed run stopped"

#!/usr/bin/env bash
# Stops what scripts/dist-up.sh started: the gateway, the service processes (SIGTERM, drained) and Kafka.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${DIST_DIR:-$repo/.dist}
[ -f "$state/nginx/nginx.pid" ] && nginx -c "$state/nginx/nginx.conf" -p "$state/nginx" -s quit 2>/dev/null
if [ -f "$state/pids" ]; then
  while read -r pid s _; do kill -TERM "$pid" 2>/dev/null && echo "  stopping $s (pid $pid)"; done <"$state/pids"
  while read -r pid _ _; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done <"$state/pids"
  rm -f "$state/pids"
fi
[ "${KEEP_KAFKA:-}" = 1 ] || "$repo/scripts/kafka.sh" stop
echo "distributed run stopped"

#!/usr/bin/env bash
# Stops what scripts/dist-up.sh started: the gateway, the service processes (SIGTERM, drained), the mail catcher
# (each has a pid file in $state/run) and Kafka.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${DIST_DIR:-$repo/.dist}
[ -f "$state/nginx/nginx.pid" ] && nginx -c "$state/nginx/nginx.conf" -p "$state/nginx" -s quit 2>/dev/null
# The services first, the mail catcher after them: the email service's last drain may still send mail to it.
catcher="$state/run/mail-catcher.pid"
for f in "$state"/run/*.pid; do
  [ -f "$f" ] && [ "$f" != "$catcher" ] || continue
  pid=$(cat "$f")
  if kill -TERM "$pid" 2>/dev/null; then echo "  stopping $(basename "$f" .pid) (pid $pid)"; fi
done
stop_catcher=0
for f in "$state"/run/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  if [ "$f" = "$catcher" ]; then
    stop_catcher=1
    continue
  fi
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$f"
done
if [ "$stop_catcher" = 1 ]; then
  pid=$(cat "$catcher")
  if kill -TERM "$pid" 2>/dev/null; then echo "  stopping mail-catcher (pid $pid)"; fi
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  rm -f "$catcher"
fi
[ "${KEEP_KAFKA:-}" = 1 ] || "$repo/scripts/kafka.sh" stop
echo "distributed run stopped"

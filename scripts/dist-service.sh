#!/usr/bin/env bash
# (Re)starts one service of a distributed run from the environment scripts/dist-up.sh wrote for it, and waits
# until it is ready. Usage: scripts/dist-service.sh <users|admin|ambassador|checkout|email>
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${DIST_DIR:-$repo/.dist}
s=${1:?usage: dist-service.sh <service>}
envfile="$state/env/$s.env"
[ -f "$envfile" ] || { echo "no environment for $s in $state/env: run scripts/dist-up.sh first" >&2; exit 1; }
port=$(grep '^PORT=' "$envfile" | cut -d= -f2 | tr -d "'")
# The bundle of the sources as they are now (a fraction of a second); dist-up.sh builds it once for all five.
bundle=${DIST_BUNDLE_DIR:-$repo/apps/server/dist}
[ "${DIST_BUNDLED:-}" = 1 ] || node "$repo/apps/server/build.mjs" "$bundle"
(
  set -a
  # shellcheck disable=SC1090
  . "$envfile"
  set +a
  exec nohup node --enable-source-maps "$bundle/main.js" >>"$state/logs/$s.log" 2>&1
) &
pid=$!
mkdir -p "$state/run"
echo "$pid" >"$state/run/$s.pid"
for i in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && { echo "  $s ready on 127.0.0.1:$port (pid $pid)"; exit 0; }
  kill -0 "$pid" 2>/dev/null || { echo "$s exited; its log:" >&2; tail -20 "$state/logs/$s.log" >&2; exit 1; }
  sleep 0.2
done
echo "$s is not ready after 60 s; see $state/logs/$s.log" >&2
exit 1

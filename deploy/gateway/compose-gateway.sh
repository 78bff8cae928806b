#!/bin/sh
# The gateway of deploy/compose.yaml: fills in deploy/gateway/nginx.conf (the routing table scripts/dist-up.sh fills
# in with sed too) with each service's container as its upstream (the container is named like the upstream, and
# listens on SERVICE_PORT), listens on every address of the container, logs to the container's output, runs nginx.
set -eu
template=${1:-/etc/ambassador/nginx.conf}
state=/tmp/nginx
mkdir -p "$state"
set -- -e "s#listen 127.0.0.1:__PORT__;#listen ${GATEWAY_PORT:-8080};#" \
  -e "s#__STATE__/nginx-access.log#/dev/stdout#" -e "s#__STATE__/nginx-error.log#/dev/stderr#" \
  -e "s#__STATE__#$state#g" -e "s#__PORT__#${GATEWAY_PORT:-8080}#g"
for placeholder in $(grep -v '^ *#' "$template" | grep -o '__[A-Z]*__' | sort -u); do
  case "$placeholder" in __STATE__ | __PORT__) continue ;; esac
  upstream=$(echo "$placeholder" | tr -d _ | tr 'A-Z' 'a-z')
  set -- "$@" -e "s#$placeholder#$upstream:${SERVICE_PORT:-8000}#g"
done
sed "$@" "$template" >"$state/nginx.conf"
if grep -v '^ *#' "$state/nginx.conf" | grep '__[A-Z]*__'; then
  echo "compose-gateway.sh: placeholders left unfilled in $template" >&2
  exit 1
fi
exec nginx -c "$state/nginx.conf" -p "$state" -g 'daemon off;'

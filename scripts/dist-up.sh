#!/usr/bin/env bash
# Runs the platform distributed on this machine: a Kafka broker, one PostgreSQL database per service, Redis,
# the five services as separate processes, and nginx as the gateway on GATEWAY_PORT (default 8080).
# Stop everything with scripts/dist-down.sh. State, logs and keys live in DIST_DIR (default <repo>/.dist).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${DIST_DIR:-$repo/.dist}
gateway_port=${GATEWAY_PORT:-8080}
base_port=${DIST_BASE_PORT:-8101}
postgres=${DIST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
redis=${REDIS_URL:-redis://127.0.0.1:6379}
kafka_port=${KAFKA_PORT:-9092}
services=(users admin ambassador checkout email)
mkdir -p "$state/logs" "$state/keys" "$state/nginx"

if [ -f "$state/pids" ]; then
  echo "a distributed run is already up (see $state/pids); run scripts/dist-down.sh first" >&2
  exit 1
fi
command -v nginx >/dev/null || { echo "nginx is needed for the gateway: apt-get install -y nginx-light" >&2; exit 1; }

"$repo/scripts/ci-services.sh" >/dev/null

# One database per service, so each could live on its own server.
for s in "${services[@]}"; do
  db="ambassador_$s"
  psql "$postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql "$postgres" -qc "CREATE DATABASE $db"
done

# One Ed25519 key pair: users signs with the private key, every service verifies with the public one.
if [ ! -f "$state/keys/jwt.pem" ]; then
  openssl genpkey -algorithm ed25519 -out "$state/keys/jwt.pem" 2>/dev/null
  openssl pkey -in "$state/keys/jwt.pem" -pubout -out "$state/keys/jwt.pub.pem"
  chmod 600 "$state/keys/jwt.pem"
fi

public_url="http://localhost:$gateway_port"
port=$base_port
declare -A upstream
for s in "${services[@]}"; do
  private_key=""
  [ "$s" = users ] && private_key=$(cat "$state/keys/jwt.pem")
  env SERVICES="$s" PORT="$port" HOST=127.0.0.1 \
    DATABASE_URL="${postgres%/*}/ambassador_$s" \
    KAFKA_BROKERS="127.0.0.1:$kafka_port" REDIS_URL="$redis" \
    JWT_PRIVATE_KEY="$private_key" JWT_PUBLIC_KEY="$(cat "$state/keys/jwt.pub.pem")" \
    PUBLIC_URL="$public_url" CHECKOUT_URL="${CHECKOUT_URL:-$public_url}" \
    LOG_LEVEL="${LOG_LEVEL:-info}" \
    nohup node --import tsx "$repo/apps/server/src/main.ts" >"$state/logs/$s.log" 2>&1 &
  echo "$! $s $port" >>"$state/pids"
  upstream[$s]="127.0.0.1:$port"
  port=$((port + 1))
done

# Wait until every service says it is ready (database, broker and cache reachable, migrations done).
while read -r pid s port; do
  for i in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "$s exited; its log:" >&2; tail -20 "$state/logs/$s.log" >&2; exit 1; fi
    [ "$i" = 300 ] && { echo "$s is not ready after 60 s; see $state/logs/$s.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "  $s ready on 127.0.0.1:$port (pid $pid)"
done <"$state/pids"

sed -e "s#__STATE__#$state/nginx#g" -e "s#__PORT__#$gateway_port#g" \
  -e "s#__USERS__#${upstream[users]}#" -e "s#__ADMIN__#${upstream[admin]}#" -e "s#__AMBASSADOR__#${upstream[ambassador]}#" \
  -e "s#__CHECKOUT__#${upstream[checkout]}#" -e "s#__EMAIL__#${upstream[email]}#" \
  "$repo/deploy/gateway/nginx.conf" >"$state/nginx/nginx.conf"
nginx -t -q -c "$state/nginx/nginx.conf" -p "$state/nginx"
nginx -c "$state/nginx/nginx.conf" -p "$state/nginx"
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$gateway_port/health" >/dev/null && break; sleep 0.1; done
echo "Ambassador is running distributed behind the gateway on $public_url (logs in $state/logs)"

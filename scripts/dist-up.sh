#!/usr/bin/env bash
# Runs the platform distributed on this machine: a Kafka broker, one PostgreSQL database per service, Redis,
# every service as a separate process, and nginx as the gateway on GATEWAY_PORT (default 8080).
# Stop everything with scripts/dist-down.sh. State, logs and keys live in DIST_DIR (default <repo>/.dist).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
state=${DIST_DIR:-$repo/.dist}
gateway_port=${GATEWAY_PORT:-8080}
base_port=${DIST_BASE_PORT:-8101}
postgres=${DIST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
redis=${REDIS_URL:-redis://127.0.0.1:6379}
kafka_port=${KAFKA_PORT:-9092}
# --broker rabbitmq: events over RabbitMQ (RABBITMQ_URL, default the machine's server) instead of Kafka.
broker=${DIST_BROKER:-kafka}
while [ $# -gt 0 ]; do
  case "$1" in
    --broker) broker=${2:?--broker needs kafka or rabbitmq}; shift 2 ;;
    --broker=*) broker=${1#--broker=}; shift ;;
    *) echo "usage: dist-up.sh [--broker kafka|rabbitmq]" >&2; exit 2 ;;
  esac
done
case "$broker" in kafka | rabbitmq) ;; *) echo "--broker must be kafka or rabbitmq, got $broker" >&2; exit 2 ;; esac
rabbitmq_url=${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672}
services=(users admin ambassador checkout email media store analytics notifications)
mkdir -p "$state/logs" "$state/keys" "$state/nginx"

for f in "$state"/run/*.pid; do
  if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then
    echo "a distributed run is already up in $state; run scripts/dist-down.sh first" >&2
    exit 1
  fi
done
command -v nginx >/dev/null || { echo "nginx is needed for the gateway: apt-get install -y nginx-light" >&2; exit 1; }

[ "${DIST_SKIP_SERVERS:-}" = 1 ] || "$repo/scripts/ci-services.sh" >/dev/null

# One database per service, so each could live on its own server.
for s in "${services[@]}"; do
  db="${DIST_DB_PREFIX:-ambassador_}$s"
  psql "$postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 || psql "$postgres" -qc "CREATE DATABASE $db"
done

# One Ed25519 key pair: users signs with the private key, every service verifies with the public one.
if [ ! -f "$state/keys/jwt.pem" ]; then
  openssl genpkey -algorithm ed25519 -out "$state/keys/jwt.pem" 2>/dev/null
  openssl pkey -in "$state/keys/jwt.pem" -pubout -out "$state/keys/jwt.pub.pem"
  chmod 600 "$state/keys/jwt.pem"
fi

# Mail goes to SMTP_URL when given; otherwise to a local SMTP server that keeps every message as an .eml file in
# $state/mail (scripts/mail-catcher.ts) and sends nothing on. Stopped by dist-down.sh like the services.
smtp_url=${SMTP_URL:-}
if [ -z "$smtp_url" ]; then
  mail_port=${MAIL_CATCHER_PORT:-1025}
  mail_log="$state/logs/mail-catcher.log"
  mkdir -p "$state/mail" "$state/run"
  touch "$mail_log"
  log_lines=$(wc -l <"$mail_log")
  nohup node --import tsx "$repo/scripts/mail-catcher.ts" "$state/mail" "$mail_port" >>"$mail_log" 2>&1 &
  mail_pid=$!
  echo "$mail_pid" >"$state/run/mail-catcher.pid"
  listening=0
  for _ in $(seq 1 100); do
    # grep -c reads to the end (no early exit to break the pipe under pipefail).
    [ "$(tail -n +"$((log_lines + 1))" "$mail_log" | grep -c 'listening on')" -gt 0 ] && { listening=1; break; }
    kill -0 "$mail_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$listening" != 1 ]; then
    echo "the mail catcher did not start (MAIL_CATCHER_PORT=$mail_port); its log:" >&2
    tail -5 "$mail_log" >&2
    kill "$mail_pid" 2>/dev/null || true
    rm -f "$state/run/mail-catcher.pid"
    exit 1
  fi
  smtp_url="smtp://127.0.0.1:$mail_port"
  echo "  mail catcher on $smtp_url, keeping mail in $state/mail"
fi

public_url="http://localhost:$gateway_port"
db_prefix=${DIST_DB_PREFIX:-ambassador_}
mkdir -p "$state/env"
port=$base_port
declare -A upstream
for s in "${services[@]}"; do
  # Values are single-quoted for the shell that sources the file (the PEM keys span lines).
  {
    echo "SERVICES='$s'"
    echo "PORT='$port'"
    echo "HOST='127.0.0.1'"
    echo "DATABASE_URL='${postgres%/*}/$db_prefix$s'"
    if [ "$broker" = rabbitmq ]; then
      echo "RABBITMQ_URL='$rabbitmq_url'"
    else
      echo "KAFKA_BROKERS='127.0.0.1:$kafka_port'"
      echo "KAFKA_TOPIC_PREFIX='${KAFKA_TOPIC_PREFIX:-}'"
    fi
    echo "REDIS_URL='$redis'"
    echo "REDIS_KEY_PREFIX='${REDIS_KEY_PREFIX:-ambassador:}'"
    [ "$s" = users ] && echo "JWT_PRIVATE_KEY='$(cat "$state/keys/jwt.pem")'"
    [ "$s" = email ] && echo "SMTP_URL='$smtp_url'"
    # Stripe takes the payments when its keys are given (checkout is the one service that talks to it).
    if [ "$s" = checkout ] && [ -n "${STRIPE_SECRET_KEY:-}" ]; then
      echo "STRIPE_SECRET_KEY='$STRIPE_SECRET_KEY'"
      echo "STRIPE_WEBHOOK_SECRET='${STRIPE_WEBHOOK_SECRET:-}'"
      [ -n "${STRIPE_API_URL:-}" ] && echo "STRIPE_API_URL='$STRIPE_API_URL'"
    fi
    # Uploaded pictures: in S3 when its settings are given, else on this machine under the run's own state.
    if [ "$s" = media ]; then
      echo "DATA_DIR='$state/data/media'"
      for name in S3_ENDPOINT S3_REGION S3_BUCKET S3_ACCESS_KEY_ID S3_SECRET_ACCESS_KEY S3_FORCE_PATH_STYLE; do
        [ -n "${!name:-}" ] && echo "$name='${!name}'"
      done
    fi
    for name in STORE_NAME STORE_ADDRESS STORE_EMAIL STORE_TAX_ID STORE_TAX_RATE STORE_TAX_NAME MAIL_FROM \
      ADMIN_NOTIFY_EMAILS COMMISSION_RATE COMMISSION_HOLD_DAYS PAYOUT_MINIMUM CURRENCY; do
      [ -n "${!name:-}" ] && echo "$name='${!name}'"
    done
    # OpenID Connect providers for shoppers' sign-in (users): OIDC_PROVIDERS and each OIDC_<ID>_* setting.
    if [ "$s" = users ]; then
      while IFS= read -r name; do
        echo "$name='${!name}'"
      done < <(compgen -e | grep '^OIDC_' || true)
    fi
    echo "JWT_PUBLIC_KEY='$(cat "$state/keys/jwt.pub.pem")'"
    echo "PUBLIC_URL='$public_url'"
    # /api/docs merges every service's own document, fetched through the gateway (deploy/gateway/nginx.conf).
    echo "API_DOCS_SOURCE='http://127.0.0.1:$gateway_port/api/{service}/openapi.json'"
    echo "CHECKOUT_URL='${CHECKOUT_URL:-$public_url}'"
    echo "LOG_LEVEL='${LOG_LEVEL:-info}'"
    # Every request comes through the gateway on loopback: it says who the client is (X-Forwarded-For).
    echo "TRUST_PROXY='${TRUST_PROXY:-127.0.0.1}'"
    [ -n "${AUTH_RATE_LIMIT_PER_MINUTE:-}" ] && echo "AUTH_RATE_LIMIT_PER_MINUTE='$AUTH_RATE_LIMIT_PER_MINUTE'"
    [ -n "${CHECKOUT_RATE_LIMIT_PER_MINUTE:-}" ] && echo "CHECKOUT_RATE_LIMIT_PER_MINUTE='$CHECKOUT_RATE_LIMIT_PER_MINUTE'"
    [ -n "${ADMIN_EMAIL:-}" ] && echo "ADMIN_EMAIL='$ADMIN_EMAIL'" && echo "ADMIN_PASSWORD='$ADMIN_PASSWORD'"
  } >"$state/env/$s.env"
  chmod 600 "$state/env/$s.env"
  upstream[$s]="127.0.0.1:$port"
  port=$((port + 1))
done

# The same bundle `npm start` runs: plain Node, no TypeScript loader. DIST_BUNDLE_DIR (inside the repository, where
# Node finds node_modules) keeps two runs at once from rewriting each other's bundle.
node "$repo/apps/server/build.mjs" "${DIST_BUNDLE_DIR:-$repo/apps/server/dist}"

# Start them side by side, then wait for each to say it is ready (database, broker, cache; migrations done).
# Waited for by pid, not `jobs -p`: the mail catcher is a background job of this script too, and never ends.
starting=()
for s in "${services[@]}"; do
  DIST_BUNDLED=1 "$repo/scripts/dist-service.sh" "$s" &
  starting+=($!)
done
failed=0
for job in "${starting[@]}"; do wait "$job" || failed=1; done
[ "$failed" = 0 ] || { echo "a service did not start; stopping the others" >&2; "$repo/scripts/dist-down.sh" >/dev/null; exit 1; }

sed -e "s#__STATE__#$state/nginx#g" -e "s#__PORT__#$gateway_port#g" \
  -e "s#__USERS__#${upstream[users]}#" -e "s#__ADMIN__#${upstream[admin]}#" -e "s#__AMBASSADOR__#${upstream[ambassador]}#" \
  -e "s#__CHECKOUT__#${upstream[checkout]}#" -e "s#__EMAIL__#${upstream[email]}#" \
  -e "s#__MEDIA__#${upstream[media]}#" -e "s#__STORE__#${upstream[store]}#" \
  -e "s#__NOTIFICATIONS__#${upstream[notifications]}#" \
  -e "s#__ANALYTICS__#${upstream[analytics]}#" \
  "$repo/deploy/gateway/nginx.conf" >"$state/nginx/nginx.conf"
nginx -t -q -c "$state/nginx/nginx.conf" -p "$state/nginx"
nginx -c "$state/nginx/nginx.conf" -p "$state/nginx"
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$gateway_port/health" >/dev/null && break; sleep 0.1; done
echo "Ambassador is running distributed behind the gateway on $public_url (logs in $state/logs)"

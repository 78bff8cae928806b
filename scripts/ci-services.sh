#!/usr/bin/env bash
# Makes sure the real servers the test suite can use are running on loopback: the machine's PostgreSQL and
# Redis and RabbitMQ (started if they are not), and a Kafka broker from Maven Central jars (scripts/kafka.sh).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 100); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.1; done
fi
pg_isready -h 127.0.0.1 -p 5432

if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 100); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "redis: $(redis-cli -h 127.0.0.1 ping)"

# RabbitMQ: the machine's server (its transport tests use it; the rest of the suite runs on Kafka).
if ! rabbitmq-diagnostics -q check_running >/dev/null 2>&1; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
  for _ in $(seq 1 120); do rabbitmq-diagnostics -q check_running >/dev/null 2>&1 && break; sleep 0.5; done
fi
rabbitmq-diagnostics -q check_running

"$repo/scripts/kafka.sh" start

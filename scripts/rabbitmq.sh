#!/usr/bin/env bash
# A private RabbitMQ node on 127.0.0.1, apart from the machine's own server: for the distributed fault tests, which
# stop and restart their broker while orders are placed (the machine's server is shared with other tests).
# Needs RabbitMQ installed (Debian's rabbitmq-server package). Usage: scripts/rabbitmq.sh start|stop|status|queues
#   RABBITMQ_DIR   where its config, data and logs live (default: <repo>/.rabbitmq); a restart keeps its queues
#   RABBITMQ_PORT  the AMQP port (default 5673; Erlang distribution uses RABBITMQ_PORT+1)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${RABBITMQ_DIR:-$repo/.rabbitmq}
port=${RABBITMQ_PORT:-5673}
node="ambassador-$port@localhost"
# The package's own scripts, run as whoever runs this one: the wrappers on the PATH switch root to the rabbitmq
# user, whose Erlang cookie would then differ from ours.
bin=/usr/lib/rabbitmq/bin
[ -x "$bin/rabbitmq-server" ] || bin=$(dirname "$(command -v rabbitmq-server || echo /nonexistent/x)")
[ -x "$bin/rabbitmq-server" ] || { echo "RabbitMQ is needed: apt-get install -y rabbitmq-server" >&2; exit 1; }

export RABBITMQ_NODENAME=$node
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port
export RABBITMQ_DIST_PORT=$((port + 1))
export RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf
export RABBITMQ_MNESIA_BASE=$dir/data
export RABBITMQ_LOG_BASE=$dir/log
export RABBITMQ_PID_FILE=$dir/rabbitmq.pid
export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins

running() { "$bin/rabbitmq-diagnostics" -q -n "$node" check_running >/dev/null 2>&1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  if running; then echo "RabbitMQ ($node) is already running on 127.0.0.1:$port"; return; fi
  mkdir -p "$dir/data" "$dir/log"
  echo "listeners.tcp.local = 127.0.0.1:$port" >"$dir/rabbitmq.conf"
  echo "[]." >"$dir/enabled_plugins" # no management plugin: its port would clash with the machine's server
  "$bin/rabbitmq-server" -detached
  for _ in $(seq 1 240); do
    if running && listening; then echo "RabbitMQ ($node) is running on 127.0.0.1:$port"; return; fi
    sleep 0.25
  done
  echo "RabbitMQ did not start within 60 s; see $dir/log" >&2
  tail -20 "$dir/log/$node.log" >&2 2>/dev/null || true
  exit 1
}

stop() {
  if ! running; then echo "RabbitMQ ($node) is not running"; return; fi
  "$bin/rabbitmqctl" -q -n "$node" stop "$RABBITMQ_PID_FILE" >/dev/null
  echo "RabbitMQ ($node) stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && listening; then echo "running on 127.0.0.1:$port ($node)"; else echo "not running"; exit 1; fi ;;
  # Each queue: its name, type, consumers and messages waiting, tab-separated.
  queues) "$bin/rabbitmqctl" -q -n "$node" list_queues --no-table-headers name type consumers messages ;;
  *) echo "usage: $0 start|stop|status|queues" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft) on 127.0.0.1, from Maven Central jars — for tests and local
# distributed runs. Usage: scripts/kafka.sh start|stop|status
#   KAFKA_DIR   where jars, config, data and logs live (default: <repo>/.kafka)
#   KAFKA_PORT  the client port (default 9092; the controller uses KAFKA_PORT+1)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${KAFKA_DIR:-$repo/.kafka}
port=${KAFKA_PORT:-9092}
controller=$((port + 1))
lib=$dir/lib
pidfile=$dir/kafka.pid

fetch() {
  if [ ! -f "$lib/.complete" ]; then
    echo "fetching the Kafka broker from Maven Central into $lib" >&2
    mkdir -p "$lib"
    mvn -q -B -f "$repo/scripts/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$lib" >&2
    touch "$lib/.complete"
  fi
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  if running; then echo "Kafka is already running on 127.0.0.1:$port (pid $(cat "$pidfile"))"; return; fi
  command -v java >/dev/null || { echo "java is needed to run Kafka" >&2; exit 1; }
  fetch
  mkdir -p "$dir/data"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  cat > "$dir/log4j2.properties" <<'PROPS'
status = warn
appender.console.type = Console
appender.console.name = STDERR
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.console.ref = STDERR
logger.kafka.name = kafka.server.KafkaRaftServer
logger.kafka.level = info
PROPS
  local cp="$lib/*"
  local java=(java -Xms256m -Xmx768m -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$cp")
  if [ ! -f "$dir/data/meta.properties" ]; then
    local id
    id=$("${java[@]}" kafka.tools.StorageTool random-uuid)
    "${java[@]}" kafka.tools.StorageTool format --standalone -g -t "$id" -c "$dir/server.properties" >/dev/null
  fi
  nohup "${java[@]}" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 600); do
    if listening; then echo "Kafka is running on 127.0.0.1:$port (pid $(cat "$pidfile"))"; return; fi
    if ! running; then echo "Kafka failed to start; see $dir/kafka.log" >&2; tail -20 "$dir/kafka.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "Kafka did not open 127.0.0.1:$port within 60 s; see $dir/kafka.log" >&2
  exit 1
}

stop() {
  if ! running; then echo "Kafka is not running"; rm -f "$pidfile"; return; fi
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "Kafka stopped"; return; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "Kafka did not stop within 30 s and was killed" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && listening; then echo "running on 127.0.0.1:$port"; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac

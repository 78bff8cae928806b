#!/usr/bin/env bash
# Runs the Dockerfile's recipe outside a container, so CI knows the image's steps work without a container engine:
# copies the build context (less .dockerignore) into a temp dir, runs the build stage's ENV and RUN steps there
# (npm ci, the bundle, npm prune --omit=dev, scripts/image-files.sh), lays out the final stage from what the build
# stage hands it, at the same absolute path (the bundle finds migrations and web assets by it), and, as the image
# would, runs the migration and then the server from that tree alone: as an unprivileged user (when run as root)
# that can write only to DATA_DIR, against a scratch database, until GET /health/ready answers 200; then SIGTERM,
# which must stop it cleanly. Node is whatever `node` is first on PATH.
#   RECIPE_DATABASE_URL  a PostgreSQL server to make the scratch database on (default: TEST_DATABASE_URL)
#   RECIPE_EMBEDDED=1    no database server: the image's embedded PostgreSQL, in DATA_DIR
#   RECIPE_SERVICES      SERVICES for the server (default: all of them, in one process)
#   RECIPE_KAFKA_BROKERS brokers for a subset of services (SERVICES=users,admin needs a broker)
#   RECIPE_KEEP=1        keep the temp dir
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
embedded=${RECIPE_EMBEDDED:-}
server_url=${RECIPE_DATABASE_URL:-${TEST_DATABASE_URL:-}}
[ -n "$server_url" ] || [ "$embedded" = 1 ] || {
  echo "set RECIPE_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server), or RECIPE_EMBEDDED=1" >&2
  exit 2
}
dockerfile="$repo/Dockerfile"
started=$SECONDS
phase_started=$SECONDS
phase() {
  echo "== $1 (after $((SECONDS - phase_started)) s in the last step, $((SECONDS - started)) s in all)"
  phase_started=$SECONDS
}

# The Dockerfile's build stage and final stage, instruction by instruction (continuation lines joined).
instructions() {
  awk '
    /^[[:space:]]*#/ && !pending { next }
    { line = pending $0; pending = "" }
    /\\$/ { sub(/\\$/, "", line); pending = line; next }
    line ~ /[^[:space:]]/ { print line }
  ' "$dockerfile"
}
stage() { # stage build|final: the instructions of that stage, FROM excluded
  instructions | awk -v want="$1" '
    /^FROM / { n++; current = ($0 ~ / AS build$/) ? "build" : "other"; last = n; next }
    { lines[n] = lines[n] $0 "\n"; name[n] = current }
    END {
      for (i = 1; i <= last; i++) if ((want == "build" && name[i] == "build") || (want == "final" && i == last)) printf "%s", lines[i]
    }'
}
build_stage=$(stage build)
final_stage=$(stage final)
workdir=$(sed -n 's/^WORKDIR //p' <<<"$build_stage" | tail -1)
final_workdir=$(sed -n 's/^WORKDIR //p' <<<"$final_stage" | tail -1)
[ -n "$build_stage" ] || { echo "no build stage (FROM … AS build) in the Dockerfile" >&2; exit 1; }
[ "$workdir" = "$final_workdir" ] || { echo "the stages' WORKDIRs differ ($workdir, $final_workdir)" >&2; exit 1; }
grep -qx 'COPY \. \.' <<<"$build_stage" || { echo "the build stage does not COPY . . (this check copies the context so)" >&2; exit 1; }
handed=$(sed -n 's#^COPY --from=build \([^ ]*\) \([^ ]*\)$#\1 \2#p' <<<"$final_stage")
[ "$(wc -l <<<"$handed")" = 1 ] || { echo "the final stage must take one COPY --from=build, found: $handed" >&2; exit 1; }
read -r handed_from handed_to <<<"$handed"

tmp=$(mktemp -d)
chmod 755 "$tmp"
app="$tmp/app" # stands for $workdir
server_pid=
scratch_db="recipe_check_$$"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ "$embedded" = 1 ] || psql "$server_url" -qc "DROP DATABASE IF EXISTS $scratch_db WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${RECIPE_KEEP:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
in_app() { sed "s#$workdir#$app#g"; } # a path of the image as it is here

echo "node $(node --version), npm $(npm --version); recipe from $dockerfile; working in $tmp"
mkdir -p "$app"
# The build context: the repository less what .dockerignore names (its patterns, unanchored, as tar excludes).
tar -C "$repo" --exclude-from=<(sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' -e 's#^\*\*/##' -e 's#^/##' "$repo/.dockerignore") \
  -cf - . | tar -C "$app" -xf -
phase "copied the build context ($(du -sh "$app" | cut -f1))"

(
  cd "$app"
  while IFS= read -r instruction; do
    case "$instruction" in
      ENV\ *) eval "export ${instruction#ENV }" ;;
      RUN\ *)
        echo "== RUN ${instruction#RUN }"
        sh -c "${instruction#RUN }"
        ;;
    esac
  done <<<"$build_stage"
)
phase "ran the build stage"

# The final stage: only what the build stage hands over, where the image has it.
mv "$app" "$tmp/build"
mkdir -p "$(in_app <<<"$handed_to")"
cp -R "$(sed "s#^$workdir#$tmp/build#" <<<"$handed_from")". "$(in_app <<<"$handed_to")"
rm -rf "$tmp/build"
phase "laid out the final stage ($(du -sh "$app" | cut -f1), $(find "$app" -type f | wc -l) files)"

# Every package the bundle imports (the Kafka, Redis and S3 clients too, loaded only when configured) resolves
# from the production node_modules alone.
(
  cd "$app/apps/server/dist"
  node --input-type=module -e '
    import { readdirSync, readFileSync } from "node:fs"
    const specifiers = new Set()
    for (const file of readdirSync(".").filter((f) => f.endsWith(".js")))
      for (const m of readFileSync(file, "utf8").matchAll(/^(?:import|export)\b[^;"]*?(?:\bfrom\s*)?"([^"]+)"|\bimport\(\s*"([^"]+)"\)/gm)) {
        const specifier = m[1] ?? m[2]
        if (!specifier.startsWith(".") && !specifier.startsWith("node:")) specifiers.add(specifier)
      }
    const missing = [...specifiers].filter((specifier) => {
      try { import.meta.resolve(specifier); return false } catch { return true }
    })
    if (missing.length > 0) { console.error(`the bundle imports what production node_modules lack: ${missing.join(", ")}`); process.exit(1) }
    console.log(`the bundle'"'"'s ${specifiers.size} imported packages resolve from production node_modules`)
  '
)

# The final stage's ENV, then what this run needs in its place: a scratch database, a free port, a DATA_DIR here.
while IFS= read -r instruction; do
  case "$instruction" in ENV\ *) eval "export ${instruction#ENV }" ;; esac
done <<<"$final_stage"
if [ "$embedded" = 1 ]; then
  unset DATABASE_URL
  scratch_db="the embedded PostgreSQL in DATA_DIR"
else
  psql "$server_url" -qc "CREATE DATABASE $scratch_db" >/dev/null
  export DATABASE_URL="${server_url%/*}/$scratch_db"
fi
export HOST=127.0.0.1
PORT=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })")
export PORT
export DATA_DIR="$tmp/data"
mkdir -p "$DATA_DIR"
export LOG_LEVEL=${LOG_LEVEL:-warn}
if [ -n "${RECIPE_SERVICES:-}" ]; then export SERVICES="$RECIPE_SERVICES"; else unset SERVICES; fi
if [ -n "${RECIPE_KAFKA_BROKERS:-}" ]; then
  export KAFKA_BROKERS="$RECIPE_KAFKA_BROKERS" KAFKA_TOPIC_PREFIX="recipe-$$-"
  openssl genpkey -algorithm ed25519 -out "$tmp/jwt.pem" 2>/dev/null
  JWT_PRIVATE_KEY=$(cat "$tmp/jwt.pem") JWT_PUBLIC_KEY=$(openssl pkey -in "$tmp/jwt.pem" -pubout)
  export JWT_PRIVATE_KEY JWT_PUBLIC_KEY
fi
# As the image's unprivileged user when we can: then the server may write only to DATA_DIR (and the temp dir).
as_user=()
if [ "$(id -u)" = 0 ]; then
  uid=$(sed -n 's/^USER \([0-9]*\).*/\1/p' <<<"$final_stage" | tail -1)
  # The image has a passwd entry for its user (the embedded PostgreSQL asks for it); this machine may not.
  getent passwd "$uid" >/dev/null || uid=$(id -u nobody)
  chown -R "$uid:$uid" "$DATA_DIR"
  as_user=(setpriv --reuid="$uid" --regid="$uid" --clear-groups)
fi
cmd=$(sed -n 's/^CMD //p' <<<"$final_stage" | tail -1)
mapfile -t command < <(node -e 'for (const arg of JSON.parse(process.argv[1])) console.log(arg)' "$cmd")

cd "$app"
echo "== node apps/server/dist/cli.js migrate (the image's one-shot migration)"
"${as_user[@]}" node apps/server/dist/cli.js migrate | tail -3
phase "migrated $scratch_db"

echo "== ${command[*]} (SERVICES=${SERVICES:-all}, port $PORT${as_user:+, as uid $uid})"
touch "$tmp/server-started"
"${as_user[@]}" "${command[@]}" >"$tmp/server.log" 2>&1 &
server_pid=$!
ready=0
for _ in $(seq 1 240); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  status=$(node -e "fetch('http://127.0.0.1:$PORT/health/ready').then((r) => console.log(r.status), () => console.log(0))")
  if [ "$status" = 200 ]; then ready=1; break; fi
  sleep 0.5
done
if [ "$ready" != 1 ]; then
  echo "the server did not answer GET /health/ready with 200 (last: ${status:-none}); its output:" >&2
  tail -30 "$tmp/server.log" >&2
  exit 1
fi
node -e "fetch('http://127.0.0.1:$PORT/health/ready').then((r) => r.text()).then((t) => console.log('GET /health/ready 200 ' + t))"
index_status=$(node -e "fetch('http://127.0.0.1:$PORT/').then((r) => console.log(r.status), () => console.log(0))")
[ "$index_status" = 200 ] || { echo "GET / answered $index_status: the web app's build is not where the bundle looks" >&2; exit 1; }
echo "GET / 200 (the web app)"
phase "the server is ready"

kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=
if [ "$code" != 0 ]; then
  echo "the server exited with $code on SIGTERM; its output:" >&2
  tail -20 "$tmp/server.log" >&2
  exit 1
fi
phase "stopped cleanly on SIGTERM"
written=$(find "$app" -newer "$tmp/server-started" -print | head -5)
[ -z "$written" ] || { echo "the server wrote into the image's files, not only DATA_DIR: $written" >&2; exit 1; }
echo "image recipe OK in $((SECONDS - started)) s"

# syntax=docker/dockerfile:1
# One image for every service: SERVICES selects which run in a container (all by default, the embedded store).
#   docker build -t ambassador .
#   docker run -p 8000:8000 -v ambassador-data:/data ambassador                  # embedded: PostgreSQL in /data
#   docker run -e SERVICES=checkout -e DATABASE_URL=… -e KAFKA_BROKERS=… ambassador  # one service of a cluster
# scripts/image-recipe-check.sh runs the build stage's RUN steps outside a container, so CI knows they work.

# ---- build: install everything, build the web app and the server bundle, then keep production dependencies only
FROM node:24.22.3-bookworm-slim AS build
# Both stages use /app: the bundle refers to the migrations and the web build by the absolute paths it was built at.
WORKDIR /app
ENV npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
COPY . .
# Also builds the web app (the root "prepare" script).
RUN npm ci
# apps/server/dist: main.js (the server) and cli.js (migrate, create-admin, replay-dead-letters, …).
RUN node apps/server/build.mjs
RUN npm prune --omit=dev
RUN sh scripts/image-files.sh image

# ---- run: the bundle, the web assets, the migrations and production node_modules; nothing else
FROM node:24.22.3-bookworm-slim
# tini is PID 1: it hands SIGTERM to Node (which drains requests and the outbox relay, then exits) and reaps the
# embedded PostgreSQL's processes should any be orphaned.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 ambassador \
  && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin ambassador \
  && mkdir /data \
  && chown 10001:10001 /data
WORKDIR /app
# Owned by root and read-only to the user the server runs as.
COPY --from=build /app/image/ /app/
# DATA_DIR is the one place the server writes (embedded PostgreSQL, its keys, uploaded images, the local mailbox);
# with a read-only root filesystem, mount a volume there and a tmpfs on /tmp (the embedded PostgreSQL's first
# initdb writes a password file to the temp dir).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8000
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "apps/server/dist/main.js"]

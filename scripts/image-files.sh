#!/bin/sh
# Gathers into DIR what the image runs from, laid out as in the repository (the bundle finds the migrations and the
# web build by the absolute paths it was built at, so the image keeps them under the same WORKDIR): the server
# bundle, the web app's build, every service's migrations, and the production node_modules (after `npm prune
# --omit=dev`). Run by the Dockerfile's build stage and by scripts/image-recipe-check.sh. Usage: image-files.sh DIR
set -eu
out=${1:?usage: image-files.sh DIR}
rm -rf "$out"
mkdir -p "$out/apps/server" "$out/apps/web"
cp package.json "$out/"
cp apps/server/package.json "$out/apps/server/" # "type": "module" for the bundle
cp -R apps/server/dist "$out/apps/server/dist"
cp -R apps/web/dist "$out/apps/web/dist"
for migrations in services/*/drizzle; do
  mkdir -p "$out/${migrations%/drizzle}"
  cp -R "$migrations" "$out/$migrations"
done
cp -R node_modules "$out/node_modules"
# The workspaces' links: the bundle already holds our own code, and their sources stay out of the image.
rm -rf "$out/node_modules/@ambassador" "$out/node_modules/.bin"

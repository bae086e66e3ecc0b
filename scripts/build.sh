#!/usr/bin/env bash
# The release bundle into dist/, offline, with the pinned tools (see Trunk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
trunk --log error build --release --offline
test -s dist/index.html || { echo "build: dist/index.html missing" >&2; exit 1; }
ls dist/*.wasm >/dev/null

node scripts/postbuild.mjs
echo "build: dist/ ready ($(du -sh dist | cut -f1))"

#!/usr/bin/env bash
# The release bundle into dist/, offline, with the pinned tools (see Trunk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned tools (wasm-opt 132 from tools/, trunk from cargo) whoever calls this.
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
# Size (issue 8): the standard library is rebuilt for size, panics abort at
# once (no message formatting, no file/line strings) and `{:?}` compiles to
# nothing. These are unstable flags, so this build, and only this build (its
# own target dir), uses the pinned dated nightly of scripts/toolchains.sh;
# tests and lints use rust-toolchain.toml's stable. Measured: 138.1 KB ->
# 123.6 KB brotli for the wasm.
source scripts/toolchains.sh
size_build_env
# One build: index.html declares both bundles (the form alone, and with the
# workspace), and Trunk's post_build hook (scripts/postbuild.mjs, Trunk.toml)
# finishes dist/. `trunk build --release` alone makes the same files, only
# larger (the everyday toolchain, without the size flags above).
trunk --log error build --release --offline
test -s dist/index.html || { echo "build: dist/index.html missing" >&2; exit 1; }
ls dist/loader-*.js dist/talkover-training.js dist/talkover-training-workspace-*_bg.wasm >/dev/null
echo "build: dist/ ready ($(du -sh dist | cut -f1))"

#!/usr/bin/env bash
# `make demo-static`: dist-demo/, the demo that runs entirely in the browser
# (issue 16), from `make build`'s dist/. Any static host serves it, at / or
# under a sub-path, under the strict CSP (plus `worker-src 'self'`):
#   - dist/ as it is (the app, its bundles, talkover-training.js);
#   - demo/index.html (the landing page, replacing the standalone index.html),
#     demo.js, demo.css, and the service worker demo/sw.js;
#   - sw-api.js + sw-api_bg.wasm: demo-sw/ (local-api's Router without its
#     `server` feature) built for wasm32 with the size build's flags,
#     wasm-bindgen `--target no-modules`
#     (the worker loads it with importScripts: a classic worker, which every
#     browser with service workers runs), wasm-opt -Oz (tools/, binaryen 132);
#   - sw-files.js: what the worker caches at install (every file) and its
#     version (a hash of them), for offline use.
# Prints the worker bundle's size (raw and brotli -q 11) and fails above its
# budget (size-budget.txt, `demo-worker N`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
OUT=dist-demo
test -s dist/index.html || { echo "demo-static: dist/ missing: run make build first" >&2; exit 1; }

# Built like the bundles (scripts/toolchains.sh's size_build_env, sharing
# their rebuilt standard library): 141.7 KB -> 124.5 KB brotli.
(
  source scripts/toolchains.sh
  size_build_env
  cargo build --quiet --release --locked -p talkover-demo-sw --target wasm32-unknown-unknown
)
wasm=target/size/wasm32-unknown-unknown/release/talkover_demo_sw.wasm

rm -rf "$OUT"
cp -r dist "$OUT"
rm -f "$OUT"/*.br
cp demo/index.html demo/demo.js demo/demo.css demo/sw.js "$OUT"/
wasm-bindgen --target no-modules --no-typescript --out-dir "$OUT" --out-name sw-api "$wasm"
wasm-opt -Oz --strip-debug --strip-producers "$OUT/sw-api_bg.wasm" -o "$OUT/sw-api_bg.wasm"

# The files the worker caches, relative to its scope ("./" is the landing
# page as a directory URL), and a version that changes with any of them.
(
  cd "$OUT"
  files=$(find . -type f ! -name sw.js ! -name sw-files.js | sed 's|^\./||' | LC_ALL=C sort)
  version=$(echo "$files" | xargs sha256sum | sha256sum | cut -c1-16)
  {
    echo "// Written by scripts/demo-static.sh: what demo/sw.js caches at install."
    echo "self.DEMO_VERSION = '$version';"
    echo "self.DEMO_FILES = ['./',"
    echo "$files" | sed "s|.*|  '&',|"
    echo "];"
  } > sw-files.js
)

raw=$(stat -c %s "$OUT/sw-api_bg.wasm")
br=$(brotli -q 11 -c "$OUT/sw-api_bg.wasm" | wc -c)
js=$(cat "$OUT/sw.js" "$OUT/sw-api.js" "$OUT/sw-files.js" | brotli -q 11 -c | wc -c)
echo "demo-static: $OUT/ ready; worker bundle: sw-api_bg.wasm $raw bytes, $br brotli; sw.js + sw-api.js + sw-files.js $js brotli"
budget=$(awk '$1 == "demo-worker" { print $2 }' size-budget.txt)
[[ -n $budget ]] || { echo "demo-static: size-budget.txt needs a 'demo-worker N' line" >&2; exit 1; }
if ((br > budget)); then
  echo "demo-static: sw-api_bg.wasm is $br bytes brotli, over its budget of $budget (size-budget.txt)" >&2
  exit 1
fi

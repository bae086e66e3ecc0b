#!/usr/bin/env bash
# The release wasm's size by crate, after wasm-bindgen and wasm-opt -Oz, with
# names kept (so it is a little larger than dist/'s): a regression names its cause.
# It reads the last wasm scripts/build.sh compiled: the bundle with the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --keep-debug --out-dir "$work" target/size/wasm32-unknown-unknown/release/talkover-training-form.wasm
wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
  "$work/talkover-training-form_bg.wasm" -o "$work/named.wasm"
twiggy top -n 1000000 --format csv "$work/named.wasm" >"$work/top.csv"
node - "$work/top.csv" <<'JS'
const lines = require('fs').readFileSync(process.argv[2], 'utf8').trim().split('\n').slice(1);
const by = new Map();
let total = 0;
for (const line of lines) {
  const m = /^("(?:[^"]|"")*"|[^,]*),(\d+),/.exec(line);
  if (!m) continue;
  const name = m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1];
  const size = m[2];
  if (/custom section|subsection/.test(name)) continue;
  const crate = (/([a-z_][a-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(name) ?? [])[1] ?? (/data segment/.test(name) ? 'data (strings, tables)' : 'other');
  by.set(crate, (by.get(crate) ?? 0) + Number(size));
  total += Number(size);
}
console.log('\nwasm by crate (bytes of code and data, names stripped from the count):');
for (const [crate, size] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${String(size).padStart(9)} ${((100 * size) / total).toFixed(1).padStart(5)}%  ${crate}`);
}
console.log(`${String(total).padStart(9)} total`);
JS

#!/usr/bin/env bash
# The release bundle into dist/, offline, with the pinned tools (see Trunk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned tools (wasm-opt 132 from tools/, trunk from cargo) whoever calls this.
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
# Size (issue 8): the standard library is rebuilt for size, panics abort at
# once (no message formatting, no file/line strings) and `{:?}` compiles to
# nothing. These are unstable flags, so RUSTC_BOOTSTRAP=1 lets the pinned
# stable toolchain take them; only this build uses them (its own target dir),
# never the tests' builds. Measured: 138.1 KB -> 123.6 KB brotli for the wasm.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
export CARGO_TARGET_DIR=target/size
trunk --log error build --release --offline
# The same app with the agent workspace, for pages that ask for it: built from
# a copy of index.html that turns the feature on, into its own folder; postbuild
# moves its two files into dist/ and writes the loader that picks one bundle.
sed 's/data-trunk rel="rust"/data-trunk rel="rust" data-cargo-features="workspace"/' index.html >index-workspace.html
grep -q 'data-cargo-features="workspace"' index-workspace.html || { echo "build: index-workspace.html lacks the feature" >&2; exit 1; }
trunk --log error build --release --offline --dist target/dist-workspace index-workspace.html
rm -f index-workspace.html
test -s dist/index.html || { echo "build: dist/index.html missing" >&2; exit 1; }
ls dist/*.wasm >/dev/null

node scripts/postbuild.mjs
echo "build: dist/ ready ($(du -sh dist | cut -f1))"

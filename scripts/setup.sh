#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing.
# Safe to run again: with everything present it takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
APT_PACKAGES=(chromium chromium-driver nginx-light brotli php-cli php-mbstring php-laravel-framework)
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs)."
command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer with npm."

# 1. The pinned toolchains (rust-toolchain.toml and the size build's dated
#    nightly), each with the wasm target and the standard library's source.
#    rustup is not allowed to install them on its own here (RUSTUP_AUTO_INSTALL=0).
command -v rustup >/dev/null || die "rustup is missing: install Rust with rustup (https://rustup.rs)."
source scripts/toolchains.sh
for tc in "$STABLE_TOOLCHAIN" "$SIZE_TOOLCHAIN"; do
  if ! rustup run "$tc" rustc --version >/dev/null 2>&1 \
    || ! rustup component list --toolchain "$tc" --installed | grep -qx rust-src \
    || ! rustup target list --toolchain "$tc" --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the Rust toolchain $tc"
    rustup toolchain install "$tc" --profile minimal --component rust-src --target wasm32-unknown-unknown
  fi
done
if ! rustup component list --toolchain "$STABLE_TOOLCHAIN" --installed | grep -q '^clippy' \
  || ! rustup component list --toolchain "$STABLE_TOOLCHAIN" --installed | grep -q '^rustfmt'; then
  rustup component add --toolchain "$STABLE_TOOLCHAIN" clippy rustfmt
fi

# 2. Crates, so that the offline Trunk build finds them.
cargo fetch --quiet
# ...and the crates the standard library's own build needs (build.sh rebuilds std, offline).
cargo +"$SIZE_TOOLCHAIN" fetch --quiet --manifest-path "$(rustc +"$SIZE_TOOLCHAIN" --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"

# 3. Trunk (0.22 needs a newer rustc than we have).
if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes the first time)"
  cargo install trunk --locked --version "$TRUNK_VERSION"
fi

# 4. wasm-bindgen-cli at exactly the version in Cargo.lock (not --locked: it fails).
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[[ -n "$BINDGEN_VERSION" ]] || die "no wasm-bindgen in Cargo.lock"
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $BINDGEN_VERSION" ]] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (matches Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --force
fi

# 5. npm packages, local to the repo, from their lockfiles.
npm_ci() { # dir
  local dir=$1 stamp="$1/node_modules/.setup-stamp" want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}
npm_ci tools   # wasm-opt 132 (Debian's 108 builds a bundle that breaks at run time)
npm_ci tests/e2e
[[ "$(wasm-opt --version)" == *"version 132"* ]] || die "wasm-opt 132 expected from tools/node_modules, got: $(wasm-opt --version)"

# 6. Debian packages: Chromium and its driver, nginx for the static-hosting tests, brotli for sizes,
#    PHP and Debian's Laravel for the server-parity check (tests/parity/).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
    say "installing with apt-get: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
  fi
fi
for tool in /usr/bin/chromium /usr/bin/chromedriver /usr/sbin/nginx /usr/bin/php; do
  [[ -x $tool ]] || die "$tool is missing after installation"
done
say "everything is installed"

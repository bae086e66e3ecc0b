# The two pinned Rust toolchains, sourced by setup.sh and build.sh.
# Everyday (tests, clippy, the local API, `make dev`): rust-toolchain.toml's channel.
STABLE_TOOLCHAIN=$(sed -nE 's/^channel = "([^"]+)"$/\1/p' rust-toolchain.toml)
# The size build (scripts/build.sh) rebuilds the standard library for size with
# unstable flags, so it needs a nightly: a dated one, so that every machine
# builds the same bundle. Keep it close to the stable above.
SIZE_TOOLCHAIN=nightly-2026-10-15

# The size build's environment: the standard library rebuilt for size, panics
# that abort at once (no message formatting, no file/line strings), `{:?}`
# compiled to nothing; its own target dir. scripts/build.sh (the bundles) and
# scripts/demo-static.sh (the demo's worker) build with it.
size_build_env() {
  export RUSTUP_TOOLCHAIN=$SIZE_TOOLCHAIN
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  export CARGO_TARGET_DIR=target/size
}

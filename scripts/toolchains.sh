# The two pinned Rust toolchains, sourced by setup.sh and build.sh.
# Everyday (tests, clippy, the local API, `make dev`): rust-toolchain.toml's channel.
STABLE_TOOLCHAIN=$(sed -nE 's/^channel = "([^"]+)"$/\1/p' rust-toolchain.toml)
# The size build (scripts/build.sh) rebuilds the standard library for size with
# unstable flags, so it needs a nightly: a dated one, so that every machine
# builds the same bundle. Keep it close to the stable above.
SIZE_TOOLCHAIN=nightly-2026-10-15

# The two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/tools/node_modules/.bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: setup build demo demo-static dev test check bench fuzz mutants clean

setup:
	@scripts/setup.sh

## The release bundle in dist/: what a static host serves.
build: setup
	@scripts/build.sh

## Build, start the local API and serve the app on 127.0.0.1; Ctrl-C stops both.
demo: build
	@scripts/demo.sh

## dist-demo/: the demo that runs entirely in the browser, from static files
## (the local API compiled to wasm in a service worker; README "Static demo").
demo-static: build
	@scripts/demo-static.sh

## The inner loop for the UI: trunk serve (debug build, live reload) with the
## local API proxied on the same origin; prints the URL and the demo token.
dev: setup
	@scripts/dev.sh

## Every check and test suite, in order, stopping at the first failure.
test: setup
	@scripts/test.sh

## The fast inner loop: formatting, lints (native and wasm32, with and
## without the workspace; the static demo's server for wasm32) and the native tests. No setup, no browser.
check:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p talkover-training-form --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p talkover-training-form --all-targets --features workspace -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p local-api --no-default-features -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p talkover-demo-sw -- -D warnings
	cargo test --workspace

## Sizes (raw, gzip, brotli; wasm by crate), then scripts/bench.mjs: the app beside a
## hand-written floor (bench/floor/) under Lighthouse's mobile profile, served brotli,
## Lighthouse on each page, and loopback figures. A missed issue-15 target prints MISS,
## it does not fail. LOADS=9 (loads of each page), LOOPBACK_LOADS=5, LONG_TYPING=1.
bench: build
	@cargo build --quiet -p local-api
	@scripts/size.sh || true
	@command -v twiggy >/dev/null || cargo install twiggy --locked
	@scripts/wasm-crates.sh
	@node scripts/bench.mjs

## Longer fuzzing of the response decoder (and of the JSON reader against
## serde_json), and many more random sequences
## through the form's and workspace's state machine (core/tests/state_props.rs).
fuzz: setup
	FUZZ_SECONDS=$${FUZZ_SECONDS:-900} cargo test -p talkover-core --test decoder_fuzz -- --ignored --nocapture
	FUZZ_SECONDS=$${FUZZ_SECONDS:-900} cargo test -p talkover-core --test json_differential -- --ignored --nocapture
	PROPTEST_CASES=$${PROPTEST_CASES:-200000} cargo test --release -p talkover-core --test state_props

## Mutation testing of the core (cargo-mutants, installed when missing):
## fails when the tests catch less than 95% of the viable mutants. About
## 30-40 min on two cores, so not part of `make test`. Exclusions, each with
## its reason, are in .cargo/mutants.toml; options in scripts/mutants.sh.
mutants:
	@scripts/mutants.sh

clean:
	cargo clean
	rm -rf dist dist-demo tests/e2e/test-results mutants.out mutants.out.old

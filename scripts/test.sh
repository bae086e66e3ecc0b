#!/usr/bin/env bash
# Every check and test suite, in order; stops at the first failure.
# Ends with one line: "N passed, N failed" over all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=120
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR=never

passed=0
failed=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

finish() { echo "$passed passed, $failed failed"; exit "$1"; }

# Sums cargo's and wasm-bindgen-test's "test result:" lines of a log.
count_cargo() {
  local p f
  p=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$1" | awk '{s += $4} END {print s + 0}')
  f=$(grep -Eo '; [0-9]+ failed' "$1" | awk '{s += $2} END {print s + 0}')
  passed=$((passed + p))
  failed=$((failed + f))
  echo "   ($p passed, $f failed)"
}

# Counts the vectors of the "laravel-parity: N vectors checked, N differ" line;
# fails when the line is missing.
count_parity() {
  local checked differ
  read -r checked differ < <(sed -nE 's/^laravel-parity: ([0-9]+) vectors checked, ([0-9]+) differ$/\1 \2/p' "$1" | tail -n 1)
  if [[ -z ${checked:-} ]]; then
    echo "   (no \"laravel-parity: N vectors checked, N differ\" line)"
    return 1
  fi
  passed=$((passed + checked - differ))
  failed=$((failed + differ))
  echo "   ($((checked - differ)) passed, $differ failed)"
}

# stage NAME KIND COMMAND...: KIND is "check" (counts as one), "cargo"/"playwright"
# (counts its tests) or "parity" (counts the vectors checked against Laravel).
stage() {
  local name=$1 kind=$2 log="$logs/$1.log" start=$SECONDS
  shift 2
  echo "== $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  case $kind in
    cargo) count_cargo "$log" ;;
    playwright) count_playwright ;;
    parity) count_parity "$log" || rc=1 ;;
  esac
  echo "   $name: $((SECONDS - start)) s, exit $rc"
  if ((rc != 0)); then
    [[ $kind == check ]] && failed=$((failed + 1))
    # A suite that failed without counting a failure still counts as one.
    ((failed == 0)) && failed=1
    echo "FAILED: $name"
    finish 1
  fi
  [[ $kind == check ]] && passed=$((passed + 1))
  return 0
}

count_playwright() {
  local json=tests/e2e/test-results/results.json
  if [[ -f $json ]]; then
    read -r p f < <(node -e '
      const s = require(process.argv[1]).stats;
      console.log((s.expected + s.flaky) + " " + s.unexpected);' "$PWD/$json")
    passed=$((passed + p))
    failed=$((failed + f))
    echo "   ($p passed, $f failed)"
  fi
}

stage fmt check cargo fmt --all -- --check
stage clippy-native check cargo clippy --workspace --all-targets -- -D warnings
stage clippy-wasm check cargo clippy --target wasm32-unknown-unknown -p talkover-training-form --all-targets -- -D warnings
stage clippy-wasm-workspace check cargo clippy --target wasm32-unknown-unknown -p talkover-training-form --all-targets --features workspace -- -D warnings
# The static demo's server for wasm32: local-api without `server`, and demo-sw.
stage clippy-wasm-demo check bash -c 'cargo clippy --target wasm32-unknown-unknown -p local-api --no-default-features -- -D warnings && cargo clippy --target wasm32-unknown-unknown -p talkover-demo-sw -- -D warnings'
stage native-tests cargo cargo test --workspace
stage laravel-parity parity tests/parity/check.sh
stage node-script-tests check node --test scripts/serve-static.test.mjs scripts/bundle-choice.test.mjs scripts/bench-probe.test.mjs
# talkover-training.d.ts against a host app's use of it (tests/e2e/types/), strict.
stage typescript-declarations check bash -c 'cd tests/e2e && npx tsc -p types'
stage decoder-fuzz cargo env FUZZ_SECONDS="${FUZZ_SECONDS:-60}" cargo test -p talkover-core --test decoder_fuzz -- --ignored --nocapture
stage json-differential cargo env FUZZ_SECONDS="${FUZZ_SECONDS:-30}" cargo test -p talkover-core --test json_differential -- --ignored --nocapture
stage browser-unit-tests cargo cargo test --target wasm32-unknown-unknown -p talkover-training-form
stage browser-unit-tests-workspace cargo cargo test --target wasm32-unknown-unknown -p talkover-training-form --features workspace
stage release-build check scripts/build.sh
stage local-api-binary check cargo build -p local-api
# dist-demo/ for demo-static.spec.ts (the static demo, no API process).
stage demo-static check scripts/demo-static.sh
rm -rf tests/e2e/test-results
stage e2e playwright bash -c 'cd tests/e2e && npx playwright test'
stage size-report check scripts/size.sh
finish 0

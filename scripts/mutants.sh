#!/usr/bin/env bash
# Mutation testing of the core (`make mutants`): cargo-mutants changes the
# core's code one mutant at a time and runs its native tests against each.
# Prints caught / missed / timeouts / unviable and the caught share of the
# viable mutants (timeouts count as not caught), lists every missed mutant,
# and fails when the share is below MUTANTS_MIN (95 %).
#
# Exclusions, each with its reason: .cargo/mutants.toml. Not part of
# `make test` (30-40 minutes on two cores: 732 mutants, 29 min 52 s measured).
#
#   MUTANTS_JOBS    parallel builds (default 1: one mutant at a time)
#   MUTANTS_MIN     the minimum caught share in percent (default 95)
#   PROPTEST_CASES  random sequences of state_props per mutant (default 64;
#                   the rules themselves have plain tests)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
export PROPTEST_CASES="${PROPTEST_CASES:-64}"
# Its own target directory (no debug info: faster links), so that mutants
# never evict the everyday build's artefacts.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}/mutants"
export CARGO_PROFILE_DEV_DEBUG=0
jobs="${MUTANTS_JOBS:-1}"
min="${MUTANTS_MIN:-95}"

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "mutants: installing cargo-mutants (once)"
  cargo install cargo-mutants --locked
fi

start=$(date +%s)
status=0
cargo mutants -p talkover-core --test-tool cargo -j "$jobs" || status=$?
# 0: all caught; 2: some missed; 3: some timed out. Anything else (the
# unmutated tree fails its tests, a usage error) is a failure here too.
if [[ $status -ne 0 && $status -ne 2 && $status -ne 3 ]]; then
  echo "mutants: cargo mutants failed (exit $status)" >&2
  exit "$status"
fi
seconds=$(($(date +%s) - start))

node - "$min" "$seconds" <<'EOF'
const fs = require('fs');
const [min, seconds] = process.argv.slice(2).map(Number);
const o = JSON.parse(fs.readFileSync('mutants.out/outcomes.json', 'utf8'));
const viable = o.caught + o.missed + o.timeout;
const share = viable ? (100 * o.caught) / viable : 0;
console.log(`mutants: ${o.total_mutants} mutants, ${viable} viable: ${o.caught} caught, ${o.missed} missed, ${o.timeout} timeouts; ${o.unviable} unviable (do not build)`);
console.log(`mutants: caught ${share.toFixed(1)}% of the viable mutants (minimum ${min}%), in ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
for (const f of ['missed', 'timeout']) {
  const list = fs.readFileSync(`mutants.out/${f}.txt`, 'utf8').trim();
  if (list) console.log(`${f}:\n${list}`);
}
process.exit(share >= min ? 0 : 1);
EOF

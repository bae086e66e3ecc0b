#!/usr/bin/env bash
# Starts the local Talkover API and serves the release bundle on 127.0.0.1,
# prints the URL and the demo token, and stops both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p local-api
tmp=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 0' INT TERM

# wait_line FILE PATTERN: the first line of FILE matching PATTERN, within 15 s.
wait_line() {
  for _ in $(seq 150); do
    if grep -m1 -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "demo: timed out waiting for '$2' in $1" >&2
  cat "$1" >&2
  exit 1
}

target/debug/local-api --port "${API_PORT:-8081}" --log >"$tmp/api.log" 2>&1 &
pids+=($!)
api_url=$(wait_line "$tmp/api.log" '^listening on ' | sed 's/^listening on //')
node scripts/serve-static.mjs dist "${DEMO_PORT:-8080}" >"$tmp/web.log" 2>&1 &
pids+=($!)
web_url=$(wait_line "$tmp/web.log" '^serving ' | sed 's/^serving //')

# The demo ids as the server prints them (its seed, local-api/src/store.rs).
seed() { wait_line "$tmp/api.log" "^account demo: .*\"$1\"" | sed -E "s/^account demo: token ([^ ]+) agent ([^ ]+) .*/\\$2/"; }
token=$(seed 'Demo Receptionist' 1)
agent=$(seed 'Demo Receptionist' 2)
empty=$(seed 'Empty Agent' 2)
cat <<INFO

  Talkover training form: ${web_url}?api=${api_url}&agent=${agent}

  With the workspace:  ${web_url}?api=${api_url}&agent=${agent}&workspace
  Embedded, two forms: ${web_url}examples/dashboard.html?api=${api_url}

  Local Talkover API:  ${api_url}
  Demo API token:      ${token}   (paste it into "API token")
  Demo agent:          ${agent}  (3 trainings)
  Empty agent:         ${empty}

  Ctrl-C stops both servers.

INFO
tail -n +2 -f "$tmp/api.log" | sed -u 's/^/  api: /' &
pids+=($!)
wait "${pids[0]}"

# Shared by demo.sh and dev.sh: start the local Talkover API, wait for the
# servers' "here I am" lines, stop everything on exit. The demo token and
# agents are read from the API's own startup lines (local-api/src/store.rs
# is the one place they are written).
tmp=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 0' INT TERM

# wait_line FILE PATTERN: the first line of FILE matching PATTERN, within 60 s.
wait_line() {
  for _ in $(seq 600); do
    if grep -m1 -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$(basename "$0"): timed out waiting for '$2' in $1" >&2
  cat "$1" >&2
  exit 1
}

# start_api PORT: builds and starts the local API; sets api_url, demo_token,
# demo_agent (the seeded agent with trainings) and empty_agent.
start_api() {
  cargo build --quiet -p local-api
  target/debug/local-api --port "$1" --log >"$tmp/api.log" 2>&1 &
  pids+=($!)
  api_url=$(wait_line "$tmp/api.log" '^listening on ' | sed 's/^listening on //')
  local demo empty
  demo=$(grep -m1 -E '^account demo: .*\([1-9][0-9]* trainings?\)$' "$tmp/api.log")
  empty=$(grep -m1 -E '^account demo: .*\(0 trainings\)$' "$tmp/api.log")
  demo_token=$(sed -E 's/.* token ([^ ]+) .*/\1/' <<<"$demo")
  demo_agent=$(sed -E 's/.* agent ([^ ]+) .*/\1/' <<<"$demo")
  empty_agent=$(sed -E 's/.* agent ([^ ]+) .*/\1/' <<<"$empty")
  [[ -n $demo_token && -n $demo_agent && -n $empty_agent ]] || { echo "no demo account in the API's startup lines" >&2; cat "$tmp/api.log" >&2; exit 1; }
}

# follow_api: the API's request log, indented, until it stops.
follow_api() {
  tail -n +2 -f "$tmp/api.log" | sed -u 's/^/  api: /' &
  pids+=($!)
  wait "${pids[0]}"
}

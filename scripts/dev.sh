#!/usr/bin/env bash
# The inner loop for the UI: `trunk serve` (debug build, rebuilt and reloaded
# on every change) with the local Talkover API behind Trunk's [[proxy]] on the
# same origin (Trunk.toml: /api/ -> 127.0.0.1:8081), so no CORS in development.
# Prints the URL and the demo token; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
source scripts/lib.sh
port=${DEV_PORT:-8080}
# The port Trunk.toml's [[proxy]] points at.
api_port=$(sed -nE 's|^backend = "http://127\.0\.0\.1:([0-9]+)/api/"$|\1|p' Trunk.toml)
[[ -n $api_port ]] || { echo "dev: no [[proxy]] backend in Trunk.toml" >&2; exit 1; }
start_api "$api_port"
# Debug bundles in their own target dir, so that the tests' builds stay warm.
CARGO_TARGET_DIR=target/dev trunk serve --offline --address 127.0.0.1 --port "$port" \
  >"$tmp/web.log" 2>&1 &
pids+=($!)
echo "dev: building with trunk (the first time takes a minute or two)..."
# Served once the first build is in dist/.
for _ in $(seq 1800); do
  curl -fsS "http://127.0.0.1:$port/" 2>/dev/null | grep -q 'loader-' && break
  grep -qE 'ERROR|error\[' "$tmp/web.log" && { cat "$tmp/web.log" >&2; exit 1; }
  sleep 0.2
done
web_url="http://127.0.0.1:$port/"
cat <<INFO

  Talkover training form (dev): ${web_url}?api=${web_url%/}&agent=${demo_agent}

  With the workspace:  ${web_url}workspace.html?api=${web_url%/}&agent=${demo_agent}
  Embedded, two forms: ${web_url}examples/dashboard.html?api=${web_url%/}

  The API is proxied on this origin (/api/ -> ${api_url}/api/).
  Demo API token:      ${demo_token}   (paste it into "API token")
  Demo agent:          ${demo_agent}
  Empty agent:         ${empty_agent}

  Edit src/, core/ or style/: Trunk rebuilds and the page reloads. Ctrl-C stops both.

INFO
tail -n +1 -f "$tmp/web.log" | sed -u 's/^/  trunk: /' &
pids+=($!)
follow_api

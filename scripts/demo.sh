#!/usr/bin/env bash
# Starts the local Talkover API and serves the release bundle on 127.0.0.1,
# prints the URL and the demo token, and stops both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
start_api "${API_PORT:-8081}"
node scripts/serve-static.mjs dist "${DEMO_PORT:-8080}" >"$tmp/web.log" 2>&1 &
pids+=($!)
web_url=$(wait_line "$tmp/web.log" '^serving ' | sed 's/^serving //')

cat <<INFO

  Talkover training form: ${web_url}?api=${api_url}&agent=${demo_agent}

  With the workspace:  ${web_url}workspace.html?api=${api_url}&agent=${demo_agent}
  Embedded, two forms: ${web_url}examples/dashboard.html?api=${api_url}

  Local Talkover API:  ${api_url}
  Demo API token:      ${demo_token}   (paste it into "API token")
  Demo agent:          ${demo_agent}  (3 trainings)
  Empty agent:         ${empty_agent}

  Ctrl-C stops both servers.

INFO
follow_api

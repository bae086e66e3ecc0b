#!/usr/bin/env bash
# Server parity: every vector of tests/vectors/validation.json through real
# Laravel validation under PHP (tests/parity/laravel.php). Exits non-zero on
# any difference, and when PHP or Laravel is missing: never skips.
# Last line: "laravel-parity: N vectors checked, N differ".
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v php >/dev/null; then
  echo "laravel-parity: ERROR: php not found; install php-cli php-mbstring php-laravel-framework (scripts/setup.sh does)" >&2
  exit 2
fi
exec php tests/parity/laravel.php

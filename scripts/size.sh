#!/usr/bin/env bash
# Sizes of the release bundle in dist/: every file raw, gzip -9 and brotli -q 11,
# and what a first visit transfers (brotli). Fails when that total exceeds the
# budget in size-budget.txt (bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d dist ]] || { echo "size: no dist/, run make build" >&2; exit 1; }
total_raw=0 total_gz=0 total_br=0
printf '%-52s %9s %9s %9s\n' file raw gzip brotli
for f in dist/*; do
  [[ -f $f ]] || continue
  raw=$(stat -c%s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-52s %9d %9d %9d\n' "${f#dist/}" "$raw" "$gz" "$br"
  # The embedding entry point is not part of the standalone page's first visit.
  [[ ${f#dist/} == talkover-training.js ]] && continue
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
done
printf '%-52s %9d %9d %9d\n' "first visit of index.html (all but the embed entry)" "$total_raw" "$total_gz" "$total_br"
budget=$(grep -Eo '^[0-9]+' size-budget.txt | head -1)
if ((total_br > budget)); then
  echo "size: first visit is $total_br bytes brotli, over the budget of $budget (size-budget.txt)" >&2
  exit 1
fi
echo "size: $total_br bytes brotli, within the budget of $budget bytes"

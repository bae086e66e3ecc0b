#!/usr/bin/env bash
# Sizes of the release bundle in dist/: every file raw, gzip -9 and brotli -q 11,
# and what a first visit transfers (brotli): of index.html (the form) and of
# workspace.html (the page with the workspace, which loads the other bundle). Fails when either total exceeds
# its budget in size-budget.txt (bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d dist ]] || { echo "size: no dist/, run make build" >&2; exit 1; }
declare -A raw gz br
printf '%-52s %9s %9s %9s\n' file raw gzip brotli
for f in dist/*; do
  [[ -f $f ]] || continue
  n=${f#dist/}
  raw[$n]=$(stat -c%s "$f")
  gz[$n]=$(gzip -9 -c "$f" | wc -c)
  br[$n]=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-52s %9d %9d %9d\n' "$n" "${raw[$n]}" "${gz[$n]}" "${br[$n]}"
done
# visit LABEL PAGE BUNDLE-PREFIX: the page, its loader and stylesheet, and
# one bundle; prints the line and leaves the brotli total in $total.
visit() {
  local label=$1 page=$2 prefix=$3 r=0 g=0 b=0 n
  for n in "${!raw[@]}"; do
    case $n in
      "$page" | loader-*.js | main-*.css | "$prefix"-*) ;;
      *) continue ;;
    esac
    r=$((r + raw[$n])) g=$((g + gz[$n])) b=$((b + br[$n]))
  done
  printf '%-52s %9d %9d %9d\n' "$label" "$r" "$g" "$b"
  total=$b
}
visit "first visit of index.html (form)" index.html talkover-training-form
form=$total
visit "first visit of workspace.html" workspace.html talkover-training-workspace
with_workspace=$total
budget=$(grep -Eo '^[0-9]+' size-budget.txt | head -1)
budget_ws=$(awk '$1 == "workspace" { print $2 }' size-budget.txt)
[[ -n $budget && -n $budget_ws ]] || { echo "size: size-budget.txt needs a number and a 'workspace N' line" >&2; exit 1; }
status=0
if ((form > budget)); then
  echo "size: first visit is $form bytes brotli, over the budget of $budget (size-budget.txt)" >&2
  status=1
fi
if ((with_workspace > budget_ws)); then
  echo "size: first visit with the workspace is $with_workspace bytes brotli, over its budget of $budget_ws (size-budget.txt)" >&2
  status=1
fi
((status == 0)) && echo "size: $form bytes brotli (budget $budget); with the workspace $with_workspace (budget $budget_ws)"
exit $status

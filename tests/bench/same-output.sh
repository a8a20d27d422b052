#!/bin/bash
# Is the example catalog's output the same before and after a change?
#
#   tests/bench/same-output.sh REV        # compares REV (e.g. main) with the working tree
#
# Builds both with `build --date 2026-11-22` (REV from `git archive` in a temp
# folder, with the same target/), hashes every output file, and lists the files that
# differ. Pages are also compared with the intended additions of issue 15 taken
# out (the `<script type="application/json" id="i18n">` line, and `?v=` stamps,
# which change whenever an asset does); scripts and the stylesheet are listed apart.
set -euo pipefail
rev=${1:?usage: same-output.sh REV}
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$repo" archive "$rev" | tar -x -C "$work" --one-top-level=before
build() { (cd "$1" && CARGO_TARGET_DIR="$3" cargo run --release -q -- build --date 2026-11-22 --output "$2" >/dev/null 2>&1); }
# Its own target dir: two builds of one crate in one dir overwrite each other's binary.
build "$work/before" "$work/out-before" "$repo/target/same-output-before"
build "$repo" "$work/out-after" "$repo/target"
(cd "$work/out-before" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$work/before.sha256"
(cd "$work/out-after" && find . -type f | LC_ALL=C sort | xargs sha256sum) > "$work/after.sha256"
if cmp -s "$work/before.sha256" "$work/after.sha256"; then echo "all files byte-identical"; exit 0; fi
norm() { grep -v '^<script type="application/json" id="i18n">' "$1" | sed -E 's/\?v=[0-9a-f]{10}/?v=STAMP/g'; }
bad=0
while read -r f; do
  if [[ ! -e "$work/out-before/$f" ]]; then echo "added: $f"; continue; fi
  cmp -s "$work/out-before/$f" "$work/out-after/$f" && continue
  case "$f" in
    *.js|*.css) echo "asset changed: $f" ;;
    *) if ! diff -q <(norm "$work/out-before/$f") <(norm "$work/out-after/$f") >/dev/null; then echo "DIFFERS: $f"; bad=$((bad+1)); fi ;;
  esac
done < <(cd "$work/out-after" && find . -type f | LC_ALL=C sort)
while read -r f; do [[ -e "$work/out-after/$f" ]] || { echo "removed: $f"; bad=$((bad+1)); }; done < <(cd "$work/out-before" && find . -type f)
echo "$bad files differ beyond the intended additions"
[[ $bad == 0 ]]

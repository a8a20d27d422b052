#!/usr/bin/env bash
# A generated catalog of N programs (default 10,000) built for the large
# browser tests (tests/browser/large10k.test.mjs, issue 11's "Done when"):
# ../shared/bench/gen_catalog.py's native catalog, with the example's pictures
# given to every fifth hospital and every third specialty (so cards, pages and
# og:image are exercised at scale), built with --date 2026-11-22.
#
#   tests/bench/large_catalog.sh DIR [N]
#   ROTALOG_LARGE_SRC=DIR/src ROTALOG_SITE_LARGE=DIR/site \
#     node --test tests/browser/large10k.test.mjs
set -euo pipefail
dir=${1:?usage: tests/bench/large_catalog.sh DIR [N]}
n=${2:-10000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
gen=${GEN:-$repo/../shared/bench/gen_catalog.py}
rm -rf "$dir"
mkdir -p "$dir"
python3 "$gen" "$n" "$dir/src" --format native >/dev/null
mkdir -p "$dir/src/static"
cp -r "$repo/static/images" "$dir/src/static/"
python3 - "$dir/src" <<'PY'
import os, sys
src = sys.argv[1]
pics = [("teaching-hospital.png", "Drawing of a large teaching hospital building"),
        ("family-clinic.png", "Drawing of a small clinic with a pitched roof")]
def add(folder, every, image):
    d = os.path.join(src, "content", folder)
    for i, name in enumerate(sorted(os.listdir(d))):
        if i % every:
            continue
        p = os.path.join(d, name)
        text = open(p, encoding="utf-8").read()
        head, sep, body = text[4:].partition("\n---\n")
        file, alt = image(i)
        open(p, "w", encoding="utf-8").write(f"---\n{head}\nimage: {{ src: /images/{file}, alt: \"{alt}\" }}{sep}{body}")
add("hospitals", 5, lambda i: pics[(i // 5) % 2])
add("specialties", 3, lambda i: ("ward.png", "Drawing of a hospital ward room"))
PY
cargo build --release --locked --quiet --manifest-path "$repo/Cargo.toml"
"$repo/target/release/rotalog" build "$dir/src" -o "$dir/site" --date 2026-11-22

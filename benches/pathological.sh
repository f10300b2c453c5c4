#!/usr/bin/env bash
# Times `quire build` on inputs that were once quadratic, at large counts, and fails when one
# takes longer than a generous bound (default 60 s each, far above linear time):
#
#   bash benches/pathological.sh               # release build, the counts of issue #19
#   N=10000 QUIRE=target/debug/quire bash benches/pathological.sh
#
#   headings  N identical headings in one page (unique ids)      (N default 40000)
#   links     N broken @/ links in one page (each an error)       (N default 40000)
#   bundles   N/2 page bundles, each index.md and one asset        (default 20000)
#   tags      N/2 tags on one page                                (default 20000)
#
# Sites are generated under $BENCH_DIR (default /tmp/quire-pathological) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-40000}
HALF=$((N / 2))
BOUND=${BOUND:-60}
BENCH_DIR=${BENCH_DIR:-/tmp/quire-pathological}
if [ -z "${QUIRE:-}" ]; then
  cargo build --release --quiet
  QUIRE=target/release/quire
fi
QUIRE=$(realpath "$QUIRE")

# A site with the smallest templates and an empty content/ folder.
new_site() {
  local dir=$1
  rm -rf "$dir"
  mkdir -p "$dir/content" "$dir/templates"
  printf 'title = "P"\nbase_url = "https://example.org/"\ntaxonomies = [{ name = "tags" }]\n' >"$dir/config.toml"
  echo '{{ page.content | safe }}' >"$dir/templates/page.html"
  echo '{% for p in section.pages %}{{ p.title }}{% endfor %}' >"$dir/templates/section.html"
  echo '{% for p in section.pages %}{{ p.title }}{% endfor %}' >"$dir/templates/index.html"
}

generate() {
  local dir=$BENCH_DIR/$1-$2
  [ -f "$dir/.done" ] && { echo "$dir"; return; }
  new_site "$dir"
  case $1 in
    headings)
      { printf '+++\ntitle = "H"\n+++\n'; yes '# Same heading' | head -n "$2"; } >"$dir/content/h.md" ;;
    links)
      { printf '+++\ntitle = "L"\n+++\n'; yes '[x](@/missing.md) ' | head -n "$2"; } >"$dir/content/l.md" ;;
    bundles)
      for i in $(seq 1 "$2"); do
        mkdir -p "$dir/content/b$i"
        printf '+++\ntitle = "B%s"\n+++\nText.\n' "$i" >"$dir/content/b$i/index.md"
        echo "asset $i" >"$dir/content/b$i/data.txt"
      done ;;
    tags)
      { printf '+++\ntitle = "T"\n[taxonomies]\ntags = ['; seq -f '"t%g",' 1 "$2" | tr -d '\n'; printf ']\n+++\n'; } >"$dir/content/t.md" ;;
  esac
  touch "$dir/.done"
  echo "$dir"
}

status=0
printf '%-10s %8s %9s %9s %s\n' case count "wall s" "cpu s" result
for case in headings links bundles tags; do
  count=$N
  [ "$case" = bundles ] || [ "$case" = tags ] && count=$HALF
  dir=$(generate "$case" "$count")
  log=$(mktemp)
  if (cd "$dir" && /usr/bin/time -f '%e %U %S' -o "$log" "$QUIRE" build >/dev/null 2>&1); then
    result=built
  else
    result="failed (expected for links: each is an error)"
  fi
  read -r wall user sys < <(tail -n1 "$log")
  rm -f "$log"
  cpu=$(echo "$user + $sys" | bc)
  verdict=ok
  if [ "$(echo "$wall > $BOUND" | bc)" = 1 ]; then verdict="SLOW (bound ${BOUND}s)"; status=1; fi
  printf '%-10s %8d %9.2f %9.2f %s, %s\n' "$case" "$count" "$wall" "$cpu" "$verdict" "$result"
done
exit $status

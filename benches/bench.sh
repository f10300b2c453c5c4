#!/usr/bin/env bash
# Times `quire build` against Hugo, and Zola when a Zola binary is given, on the same
# generated blog (examples/gen_corpus.rs), as whole processes under /usr/bin/time -v.
#
#   bash benches/bench.sh                       # 1,000 / 10,000 / 50,000 pages, 3 runs each
#   SIZES="1000 10000" RUNS=5 bash benches/bench.sh
#   INSTALL_HUGO=1 bash benches/bench.sh        # apt-get install hugo first (needs root)
#   ZOLA_BIN=/path/to/zola bash benches/bench.sh  # also time Zola (0.22: `zola --root DIR
#                                               # build --output-dir OUT --force`)
#   HUGO_MAX=50000 ZOLA_MAX=50000 bash ...      # also run Hugo / Zola past 10,000 pages (at
#                                               # 10,000 they peak at about 3.5 and 5 GB)
#   SERVE_PAGES=0 bash benches/bench.sh         # skip the `quire serve` rebuild timing
#   QUIRE_BIN=/other/quire bash ...             # time another quire binary (the corpus
#                                               # generator is still this checkout's)
#
# The corpus is a blog: 85% of the pages in one `posts/` section (paginate_by 20, by date),
# the rest in nested sections of 5 to 50 pages and a `notes/` section; 800 to 1,200 words and
# two fenced code blocks a page, every block different (so no cache of highlighted blocks
# helps within a build); 1 to 3 of 50 tags a page, paginated term pages and term feeds; a site
# feed and a sitemap. One corpus per size is kept in $BENCH_DIR (default /tmp/quire-bench), in
# a Quire, a Zola and a Hugo flavour, and is written again when gen_corpus.rs changes.
#
# Every cold build writes into a folder that does not exist yet, and nothing is deleted while
# cold builds are timed: every output is kept until the bench ends, and the warm builds (which
# replace their output's folders) come after the cold builds of every size. On ext4 without a journal (as on
# the machine these figures come from), the kernel skips free inodes deleted in the last minute
# or more when it allocates new ones (`recently_deleted()` in fs/ext4/ialloc.c), so a build
# started just after an `rm -rf` of a large output spent seconds of system time scanning them.
# That is a cost of the benchmark's own deletion, paid by each tool in proportion to how little
# else it does; a site's first build, or Quire's usual rebuild (staged into the previous
# output), does not meet it. When the corpus has just been (re)written, the bench waits 65 s
# after `sync` for the same reason. When `quire build --help` lists
# `--no-cache`, Quire is timed cold (`--no-cache`) and warm (a second build with its cache
# filled and nothing changed, the previous output in place and the one before it kept in
# .quire/previous-output, as on every rebuild after the first); otherwise plain builds are timed
# and the warm columns say n/a. Prints one markdown table: median (min-max) wall seconds and
# peak MiB per tool, Quire's pages per second, and the quire/hugo and quire/zola ratios of
# median wall times (cold; warm/hugo for the warm build), and every cold build's seconds round
# by round. Then times one-page edits of the
# newest post (in `posts/`) rebuilt by `quire serve` at SERVE_PAGES (default 10,000 when
# SIZES has it, else the largest size): a line added at its end, and a word added to its
# summary, which every list showing the post must render again.
#
# At each size the cold builds of the tools take turns, one round of Quire, Hugo and Zola after
# another, so that a machine whose speed drifts during the bench (this one's varies by 10-40%
# from hour to hour) slows every tool alike and the ratios stay fair.
#
# The machine should be otherwise idle: other processes make the figures noise.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/quire-bench}
HUGO_MAX=${HUGO_MAX:-10000}
ZOLA_MAX=${ZOLA_MAX:-10000}
ZOLA_BIN=${ZOLA_BIN:-}
if [ -z "${SERVE_PAGES:-}" ]; then
  SERVE_PAGES=$(printf "%s\n" $SIZES | sort -n | awk '$1 <= 10000 { s = $1 } END { print s + 0 }')
  [ "$SERVE_PAGES" = 0 ] && SERVE_PAGES=$(printf "%s\n" $SIZES | sort -n | head -n1)
fi

if [ "${INSTALL_HUGO:-0}" = 1 ] && ! command -v hugo >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo
fi
if [ ! -x /usr/bin/time ]; then
  echo "/usr/bin/time is needed for peak memory (apt-get install time)" >&2
  exit 1
fi
if [ -n "$ZOLA_BIN" ] && [ ! -x "$ZOLA_BIN" ]; then
  echo "ZOLA_BIN=$ZOLA_BIN is not an executable" >&2
  exit 1
fi

cargo build --release --quiet --bin quire --example gen_corpus
QUIRE=${QUIRE_BIN:-target/release/quire}
GEN=target/release/examples/gen_corpus
STAMP=$(sha256sum examples/gen_corpus.rs | cut -d' ' -f1)

have_hugo=0
command -v hugo >/dev/null 2>&1 && have_hugo=1
have_cache=0
"$QUIRE" build --help | grep -q -- '--no-cache' && have_cache=1

# Timed outputs go under here, one new folder per run, and are removed when the bench ends.
RUN_DIR="$BENCH_DIR/runs.$$"
mkdir -p "$RUN_DIR"
cleanup_runs() { rm -rf "$RUN_DIR"; }
trap cleanup_runs EXIT

# Writes the corpus of $1 pages unless the one in $BENCH_DIR came from this generator.
deleted=0
ensure_corpus() {
  local corpus="$BENCH_DIR/$1"
  if [ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$STAMP" ]; then
    [ -e "$corpus" ] && deleted=1
    rm -rf "$corpus"
    "$GEN" "$1" "$corpus" >&2
    echo "$STAMP" >"$corpus/.stamp"
  fi
  # Outputs of earlier benches, from before timed outputs moved under runs.*/.
  if compgen -G "$corpus/out-*" >/dev/null; then
    deleted=1
    rm -rf "$corpus"/out-*
  fi
}

# Prints a new, not yet existing output folder for one timed run (a name only: the tools
# make it).
new_output() {
  mktemp -u "$RUN_DIR/out.XXXXXXXX"
}

# Runs a command under /usr/bin/time -v; prints "seconds kilobytes".
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.2f %d\n", s, kb }' "$log"
  rm -f "$log"
}

# Runs the command in the array named $1 once, OUT in it replaced by a new output folder, and
# appends "seconds kilobytes" to $TIMES_DIR/$1.times.
time_once() {
  local -n command_of=$1
  local out arg command=()
  out=$(new_output)
  for arg in "${command_of[@]}"; do
    if [ "$arg" = OUT ]; then command+=("$out"); else command+=("$arg"); fi
  done
  measure "${command[@]}" >>"$TIMES_DIR/$1.times"
}

# Times RUNS rounds of the commands in the arrays named by the arguments, each round running
# every command once in turn: a machine that gets slower or faster while the bench runs then
# weighs on each tool alike, and the ratios hold even when the seconds drift.
time_rounds() {
  local name
  for _ in $(seq "$RUNS"); do
    for name in "$@"; do time_once "$name"; done
  done
}

# Prints "median min max peak_MiB" of the runs of $1 that time_rounds timed, or "n/a n/a n/a
# n/a" when it timed none (a tool not installed, or not run at this size).
runs_of() {
  if [ ! -e "$TIMES_DIR/$1.times" ]; then
    echo "n/a n/a n/a n/a"
    return
  fi
  sort -n "$TIMES_DIR/$1.times" |
    awk '{ v[NR] = $1; if ($2 > peak) peak = $2 }
      END { printf "%.2f %.2f %.2f %d\n", v[int((NR + 1) / 2)], v[1], v[NR], peak / 1024 }'
}

# Prints a table cell "median (min-max)" of the runs of $1, or n/a.
cell_of() {
  local med min max
  read -r med min max _ < <(runs_of "$1")
  if [ "$med" = n/a ]; then echo n/a; else echo "$med ($min-$max)"; fi
}

ratio() {
  if [ "$1" = n/a ] || [ "$2" = n/a ]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; fi
}

printf "Machine: %s, %s cores, %s RAM; load average %s\n" "$(uname -m)" "$(nproc)" \
  "$(free -h | awk '/Mem:/ { print $2 }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "Quire: %s\n" "$(git describe --always --dirty 2>/dev/null || echo unknown)"
[ "$have_hugo" = 1 ] && printf "Hugo: %s\n" "$(hugo version | head -n1)"
[ -n "$ZOLA_BIN" ] && printf "Zola: %s\n" "$("$ZOLA_BIN" --version | head -n1)"
[ "$have_cache" = 1 ] || echo "quire build has no --no-cache: timing plain builds as cold, no warm builds"
for n in $SIZES; do ensure_corpus "$n"; done
[ "$SERVE_PAGES" -gt 0 ] && ensure_corpus "$SERVE_PAGES"
if [ "$deleted" = 1 ]; then
  echo "Waiting 65 s after sync: builds just after a large deletion are slowed by ext4 (see above)" >&2
  sync
  sleep 65
fi
echo
echo "Seconds: wall time, median (min-max) of $RUNS runs (cold builds in turns); MiB: peak resident memory; ratios of medians."
echo
echo "| pages | quire cold s | MiB | pages/s | quire warm s | MiB | hugo s | MiB | zola s | MiB | quire/hugo | quire/zola | warm/hugo |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
# The cold rounds of every size come first, then the warm builds: a warm build replaces its
# output's folders, and the folders it frees would slow the cold builds after it (see above).
for n in $SIZES; do
  corpus="$BENCH_DIR/$n"
  cold_flags=()
  [ "$have_cache" = 1 ] && cold_flags=(--no-cache)
  quire_cold=("$QUIRE" build "${cold_flags[@]}" --root "$corpus/quire" --output OUT)
  cold=(quire_cold)
  if [ "$have_hugo" = 1 ] && [ "$n" -le "$HUGO_MAX" ]; then
    hugo_cold=(hugo --source "$corpus/hugo" --destination OUT --quiet)
    cold+=(hugo_cold)
  fi
  if [ -n "$ZOLA_BIN" ] && [ "$n" -le "$ZOLA_MAX" ]; then
    zola_cold=("$ZOLA_BIN" --root "$corpus/zola" build --output-dir OUT --force)
    cold+=(zola_cold)
  fi
  TIMES_DIR="$RUN_DIR/times.$n"
  mkdir -p "$TIMES_DIR"
  time_rounds "${cold[@]}"
done

if [ "$have_cache" = 1 ]; then
  for n in $SIZES; do
    corpus="$BENCH_DIR/$n"
    TIMES_DIR="$RUN_DIR/times.$n"
    # Fill the cache and the output, untimed, twice (the second build keeps the first one's
    # output in .quire/previous-output, as every rebuild after it does); then time builds
    # that change nothing. A cache left by an earlier bench is kept (removing it would be a
    # large deletion just before the timed builds); the fills bring it up to date.
    warm_out=$(new_output)
    "$QUIRE" build --root "$corpus/quire" --output "$warm_out" >/dev/null
    "$QUIRE" build --root "$corpus/quire" --output "$warm_out" >/dev/null
    quire_warm=("$QUIRE" build --root "$corpus/quire" --output "$warm_out")
    time_rounds quire_warm
  done
fi

for n in $SIZES; do
  TIMES_DIR="$RUN_DIR/times.$n"
  read -r q_med _ _ q_peak < <(runs_of quire_cold)
  read -r w_med _ _ w_peak < <(runs_of quire_warm)
  read -r h_med _ _ h_peak < <(runs_of hugo_cold)
  read -r z_med _ _ z_peak < <(runs_of zola_cold)
  q_rate=$(awk -v n="$n" -v s="$q_med" 'BEGIN { printf "%d", n / s }')

  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" \
    "$n" "$(cell_of quire_cold)" "$q_peak" "$q_rate" "$(cell_of quire_warm)" "$w_peak" \
    "$(cell_of hugo_cold)" "$h_peak" "$(cell_of zola_cold)" "$z_peak" \
    "$(ratio "$q_med" "$h_med")" "$(ratio "$q_med" "$z_med")" "$(ratio "$w_med" "$h_med")"
done

# Every cold build's seconds, round by round, so a round the machine slowed shows as one.
echo
echo "Cold builds round by round (wall seconds):"
for n in $SIZES; do
  TIMES_DIR="$RUN_DIR/times.$n"
  for r in $(seq "$RUNS"); do
    line="- $n pages, round $r:"
    for name in quire_cold hugo_cold zola_cold; do
      [ -e "$TIMES_DIR/$name.times" ] && line+=" ${name%_cold} $(sed -n "${r}p" "$TIMES_DIR/$name.times" | cut -d' ' -f1)"
    done
    echo "$line"
  done
done

# One-page rebuilds in quire serve: edit the newest post five times, a second apart, and read
# the rebuild times the server prints. Two kinds of edit: a line added at the end of the body
# (what lists show of the post stays, so only the post and what shows its content render),
# and a word added to the summary (the home and the pagers that list the post render too).
if [ "$SERVE_PAGES" -gt 0 ]; then
  corpus="$BENCH_DIR/$SERVE_PAGES"
  page="$corpus/quire/$(cat "$corpus/newest-post")"
  original=$(mktemp)
  cp "$page" "$original"
  port=$((20000 + RANDOM % 20000))
  log=$(mktemp)
  "$QUIRE" serve --root "$corpus/quire" --port "$port" >"$log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true; cp "$original" "$page"; rm -f "$original" "$log"; cleanup_runs' EXIT
  for _ in $(seq 1200); do grep -q "^Serving" "$log" && break; sleep 0.1; done

  # Appends a line to the body.
  edit_end() { echo "Edited for the benchmark ($1)." >>"$page"; }
  # Adds a word to the first line of the body (the summary, before `<!-- more -->`).
  edit_summary() {
    awk -v n="$1" 'done != 1 && seen == 2 && NF { $0 = $0 " summary" n; done = 1 }
      /^\+\+\+$/ { seen++ } { print }' "$page" >"$page.new" && cat "$page.new" >"$page" && rm -f "$page.new"
  }
  # Runs five edits with $1 and prints the median, min and max rebuild times.
  time_edits() {
    local seen times
    seen=$(grep -c '^Rebuilt' "$log" || true)
    for i in 1 2 3 4 5; do
      sleep 1
      "$1" "$i"
      for _ in $(seq 600); do [ "$(grep -c '^Rebuilt' "$log")" -ge $((seen + i)) ] && break; sleep 0.1; done
    done
    times=$(grep '^Rebuilt' "$log" | sed -n "$((seen + 1)),\$p" | sed -E 's/.* in ([0-9]+) ms.*/\1/' | sort -n)
    if [ -z "$times" ]; then
      echo "no rebuild seen"
      cat "$log" >&2
      return
    fi
    echo "median $(echo "$times" | sed -n "$(( ($(echo "$times" | wc -l) + 1) / 2 ))p") ms" \
      "(min $(echo "$times" | head -n1), max $(echo "$times" | tail -n1));" \
      "$(grep '^Rebuilt' "$log" | sed -n "$((seen + 1))p")"
  }
  echo
  echo "quire serve at $SERVE_PAGES pages, the newest post edited 5 times:"
  echo "- a line added at the end: $(time_edits edit_end)"
  echo "- a word added to the summary: $(time_edits edit_summary)"
fi

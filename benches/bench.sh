#!/usr/bin/env bash
# Benchmarks `quire build` against Hugo on the same generated corpus, as whole processes.
#
#   bash benches/bench.sh                  # 1,000 / 10,000 / 50,000 pages, 3 runs each
#   SIZES="1000 10000" RUNS=5 bash benches/bench.sh
#   INSTALL_HUGO=1 bash benches/bench.sh   # apt-get install hugo first (needs root)
#   HUGO_MAX=50000 bash benches/bench.sh   # also run Hugo past 10,000 pages (it needs ~4 GB
#                                          # per 10,000 pages of this corpus)
#
# Prints a table: median wall time (min-max), peak memory, pages per second, and quire/Hugo.
# Then times a one-page rebuild in `quire serve` at 10,000 pages. Corpora are kept in
# $BENCH_DIR (default /tmp/quire-bench) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/tmp/quire-bench}

if [ "${INSTALL_HUGO:-0}" = 1 ] && ! command -v hugo >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo
fi
if [ ! -x /usr/bin/time ]; then
  echo "/usr/bin/time is needed for peak memory (apt-get install time)" >&2
  exit 1
fi

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
QUIRE=target/release/quire

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

# Median, min and max of the numbers on stdin.
stats() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%.2f %.2f %.2f\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

have_hugo=0
command -v hugo >/dev/null 2>&1 && have_hugo=1

printf "Machine: %s, %s cores, %s\n" "$(uname -m)" "$(nproc)" "$(free -h | awk '/Mem:/ { print $2 }') RAM"
[ "$have_hugo" = 1 ] && printf "Hugo: %s\n" "$(hugo version | head -n1)"
echo
printf "| pages | quire median (min-max) s | quire peak MiB | quire pages/s | hugo median (min-max) s | hugo peak MiB | quire/hugo |\n"
printf "|---:|---:|---:|---:|---:|---:|---:|\n"
for n in $SIZES; do
  corpus="$BENCH_DIR/$n"
  if [ ! -f "$corpus/quire/config.toml" ]; then
    target/release/examples/gen_corpus "$n" "$corpus" >/dev/null
  fi
  q_times=(); q_peak=0
  for _ in $(seq "$RUNS"); do
    read -r secs kb < <(measure "$QUIRE" build --root "$corpus/quire" --output "$corpus/out-quire")
    q_times+=("$secs"); [ "$kb" -gt "$q_peak" ] && q_peak=$kb
  done
  read -r q_med q_min q_max < <(printf "%s\n" "${q_times[@]}" | stats)
  q_rate=$(awk -v n="$n" -v s="$q_med" 'BEGIN { printf "%d", n / s }')
  h_cell="n/a"; h_peak_cell="n/a"; ratio="n/a"
  if [ "$have_hugo" = 1 ] && [ "$n" -le "${HUGO_MAX:-10000}" ]; then
    h_times=(); h_peak=0
    for _ in $(seq "$RUNS"); do
      rm -rf "$corpus/out-hugo"
      read -r secs kb < <(measure hugo --source "$corpus/hugo" --destination "$corpus/out-hugo" --quiet)
      h_times+=("$secs"); [ "$kb" -gt "$h_peak" ] && h_peak=$kb
    done
    read -r h_med h_min h_max < <(printf "%s\n" "${h_times[@]}" | stats)
    h_cell="$h_med ($h_min-$h_max)"
    h_peak_cell=$((h_peak / 1024))
    ratio=$(awk -v q="$q_med" -v h="$h_med" 'BEGIN { printf "%.2f", q / h }')
  fi
  printf "| %s | %s (%s-%s) | %s | %s | %s | %s | %s |\n" \
    "$n" "$q_med" "$q_min" "$q_max" "$((q_peak / 1024))" "$q_rate" "$h_cell" "$h_peak_cell" "$ratio"
done

# One-page rebuild in quire serve at 10,000 pages: edit one page, read the rebuild time the
# server prints.
corpus="$BENCH_DIR/10000"
if [ -f "$corpus/quire/config.toml" ]; then
  port=$((20000 + RANDOM % 20000))
  log=$(mktemp)
  "$QUIRE" serve --root "$corpus/quire" --port "$port" >"$log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 600); do grep -q "^Serving" "$log" && break; sleep 0.1; done
  page="$corpus/quire/content/s000/p00000.md"
  original=$(mktemp)
  cp "$page" "$original"
  # Five edits, a second apart; the table shows the median rebuild time.
  for i in 1 2 3 4 5; do
    sleep 1
    echo "Edited for the benchmark ($i)." >>"$page"
    for _ in $(seq 600); do [ "$(grep -c '^Rebuilt' "$log")" -gt "$i" ] && break; sleep 0.1; done
  done
  cp "$original" "$page"
  rm -f "$original"
  times=$(grep '^Rebuilt' "$log" | sed -n '2,$p' | sed -E 's/.* in ([0-9]+) ms.*/\1/' | sort -n)
  rebuild=""
  [ -n "$times" ] && rebuild="median $(echo "$times" | sed -n 3p) ms (min $(echo "$times" | head -n1), max $(echo "$times" | tail -n1)); $(grep '^Rebuilt' "$log" | sed -n 2p)"
  kill "$server" 2>/dev/null || true
  echo
  echo "quire serve, one page edited at 10,000 pages, 5 times: ${rebuild:-no rebuild seen}"
  [ -n "$rebuild" ] || cat "$log" >&2
  rm -f "$log"
fi

#!/usr/bin/env bash
# Lighthouse on a fresh build of the site: the home page, /502/ and /faq/, mobile preset
# (Lighthouse's default: emulated phone, simulated slow 4G and 4x CPU slowdown), headless
# Chromium. Prints the four category scores as a table. Not part of CI: the scores depend on
# the machine, and lighthouse is installed from npm on each run.
#
#   bash tests/e2e/lighthouse.sh            # scores only
#   LH_OUT=/tmp/lh bash tests/e2e/lighthouse.sh   # also keep the JSON and HTML reports there
#
# Environment: QUIRE_BIN (default target/debug/quire), QUIRE_ROOT (default: the repository),
# CHROME_PATH (default /usr/bin/chromium), LH_PAGES (default "/ /502/ /faq/").
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
QUIRE_BIN=${QUIRE_BIN:-$REPO/target/debug/quire}
QUIRE_ROOT=${QUIRE_ROOT:-$REPO}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
LH_VERSION=12.2.3
LH_PAGES=${LH_PAGES:-/ /502/ /faq/}
CHROME_FLAGS="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --disable-quic"

[ -x "$QUIRE_BIN" ] || { echo "lighthouse.sh: no quire binary at $QUIRE_BIN (cargo build first)" >&2; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse.sh: no Chromium at $CHROME_PATH (apt-get install -y chromium)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/quire-lighthouse.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

out=${LH_OUT:-$work/reports}
mkdir -p "$out"

echo "== installing lighthouse@$LH_VERSION into a temporary prefix"
npm install --prefix "$work/lh" --no-audit --no-fund --loglevel=error "lighthouse@$LH_VERSION" >/dev/null
LIGHTHOUSE="$work/lh/node_modules/.bin/lighthouse"
"$LIGHTHOUSE" --version

echo "== serving and building the site"
mkdir -p "$work/site"
node "$HERE/lib/server.js" "$work/site" 0 >"$work/server.log" 2>&1 &
server_pid=$!
origin=
for _ in $(seq 1 100); do
  origin=$(head -n1 "$work/server.log" 2>/dev/null || true)
  case "$origin" in http://*) break ;; esac
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
case "$origin" in http://*) ;; *) echo "lighthouse.sh: the server did not start" >&2; exit 1 ;; esac
"$QUIRE_BIN" build --root "$QUIRE_ROOT" --output "$work/site" --base-url "$origin"

reports=()
for page in $LH_PAGES; do
  name=$(printf '%s' "$page" | tr -c 'A-Za-z0-9' '_' | sed 's/^_*//; s/_*$//')
  name=${name:-home}
  echo "== lighthouse $origin${page#/}"
  "$LIGHTHOUSE" "$origin${page#/}" \
    --quiet \
    --chrome-flags="$CHROME_FLAGS" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output=html \
    --output-path="$out/$name" \
    --max-wait-for-load=60000
  reports+=("$page=$out/$name.report.json")
done

echo
node - "${reports[@]}" <<'EOF'
const fs = require('fs');
const cats = ['performance', 'accessibility', 'best-practices', 'seo'];
const rows = process.argv.slice(2).map((arg) => {
  const i = arg.indexOf('=');
  const report = JSON.parse(fs.readFileSync(arg.slice(i + 1), 'utf8'));
  const failing = [];
  for (const c of cats) {
    for (const ref of report.categories[c].auditRefs) {
      const a = report.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 0.9) failing.push(`${c}/${a.id} (${Math.round(a.score * 100)})`);
    }
  }
  return {
    page: arg.slice(0, i),
    scores: cats.map((c) => (report.categories[c].score === null ? '-' : String(Math.round(report.categories[c].score * 100)))),
    failing,
    runtimeError: report.runtimeError?.message,
    warnings: report.runWarnings || [],
  };
});
const head = ['page', 'performance', 'accessibility', 'best-practices', 'seo'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i ? r.scores[i - 1] : r.page).length)));
const line = (cells) => '| ' + cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
console.log(line(head));
console.log('|' + widths.map((w, i) => (i ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|');
for (const r of rows) console.log(line([r.page, ...r.scores]));
for (const r of rows) {
  if (r.runtimeError) console.log(`\n${r.page}: runtime error: ${r.runtimeError}`);
  for (const w of r.warnings) console.log(`\n${r.page}: warning: ${w}`);
  if (r.failing.length) console.log(`\n${r.page}: audits under 90: ${r.failing.join(', ')}`);
}
EOF
if [ -n "${LH_OUT:-}" ]; then echo; echo "reports in $out"; fi

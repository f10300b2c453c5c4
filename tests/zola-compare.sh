#!/usr/bin/env bash
# Builds a Zola site with Quire and with Zola and compares the two outputs: the share of
# Zola's HTML and XML files that Quire wrote at the same path, and the share of the pages both
# wrote whose visible text is the same. For use by hand; CI has no Zola.
#
#   ZOLA_BIN=/path/to/zola tests/zola-compare.sh SITE_DIR [QUIRE_BIN]
#
# QUIRE_BIN defaults to target/debug/quire of this repository. Set KEEP=1 to keep the two
# outputs (their folders are printed) and VERBOSE=1 to list the missing paths and the pages
# whose text differs.
set -uo pipefail

site=${1:?usage: ZOLA_BIN=... tests/zola-compare.sh SITE_DIR [QUIRE_BIN]}
repo=$(cd "$(dirname "$0")/.." && pwd)
quire=${2:-$repo/target/debug/quire}
zola=${ZOLA_BIN:?set ZOLA_BIN to a Zola binary}
site=$(cd "$site" && pwd)
work=$(mktemp -d)
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT

(cd "$site" && "$quire" build --output "$work/quire" --force) >"$work/quire.log" 2>&1
quire_status=$?
# Zola 0.22 rejects keys of older Zola that the demos of some themes still use, and which
# Quire reads: Zola builds a copy with them renamed.
cp -a "$site" "$work/zola-site"
python3 - "$work/zola-site" <<'EOF_MODERNIZE'
import os, re, sys
root = sys.argv[1]
name = "zola.toml" if os.path.exists(os.path.join(root, "zola.toml")) else "config.toml"
path = os.path.join(root, name)
lines, table, highlight = [], "", False
for line in open(path, encoding="utf-8").read().split("\n"):
    header = re.match(r"\s*\[([^\]]*)\]", line)
    if header:
        table = header.group(1).strip()
    key = re.match(r"\s*(\w+)\s*=\s*(.*)", line)
    if key and table in ("", "markdown"):
        k, v = key.groups()
        if k == "generate_feed":
            line = f"generate_feeds = {v}"
        elif k == "feed_filename":
            line = f"feed_filenames = [{v.split('#')[0].strip()}]"
        elif k == "rss_limit":
            line = f"feed_limit = {v}"
        elif k == "highlight_code":
            highlight = v.split("#")[0].strip() == "true"
            continue
        elif k in ("highlight_theme", "extra_syntaxes", "highlight_themes_css"):
            continue
    lines.append(line)
if highlight:
    # Zola 0.22's themes are Giallo's, named unlike 0.21's: colours do not change the text.
    lines += ["[markdown.highlighting]", 'theme = "github-dark"']
open(path, "w", encoding="utf-8").write("\n".join(lines))
for folder, _, files in os.walk(os.path.join(root, "content")):
    for f in files:
        if f.startswith("_index.") and f.endswith(".md"):
            # Zola 0.22 rejects `date` and `updated` in a section's front matter; older Zola did not.
            p = os.path.join(folder, f)
            text = open(p, encoding="utf-8").read()
            parts = text.split("+++", 2)
            if len(parts) == 3 and text.startswith("+++"):
                front = re.sub(r"(?m)^(date|updated)\s*=.*\n", "", parts[1])
                open(p, "w", encoding="utf-8").write("+++".join([parts[0], front, parts[2]]))
for folder, _, files in os.walk(root):
    for f in files:
        if f.endswith((".html", ".xml")) and "templates" in folder:
            p = os.path.join(folder, f)
            text = open(p, encoding="utf-8", errors="replace").read()
            if "config.feed_filename " in text or "config.feed_filename}" in text:
                open(p, "w", encoding="utf-8").write(re.sub(r"config\.feed_filename\b(?!s)", "config.feed_filenames[0]", text))
EOF_MODERNIZE
(cd "$work/zola-site" && "$zola" build --output-dir "$work/zola" --force) >"$work/zola.log" 2>&1
zola_status=$?
echo "site: $site"
echo "quire: exit $quire_status ($(grep -c '^error' "$work/quire.log") errors); zola: exit $zola_status"
if [ "$quire_status" != 0 ]; then
    grep -A1 '^error' "$work/quire.log" | head -20
fi
if [ "$zola_status" != 0 ]; then
    tail -5 "$work/zola.log"
fi
[ "${KEEP:-}" = 1 ] && echo "outputs: $work/quire $work/zola"

python3 - "$work/quire" "$work/zola" "${VERBOSE:-}" <<'EOF'
import html.parser, os, re, sys

quire, zola, verbose = sys.argv[1], sys.argv[2], sys.argv[3] == "1"

def outputs(root):
    found = set()
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith((".html", ".xml")):
                found.add(os.path.relpath(os.path.join(folder, name), root))
    return found

class Text(html.parser.HTMLParser):
    """The text a reader sees: no tags, scripts, styles or templates; white space collapsed."""
    HIDDEN = {"script", "style", "template", "noscript", "svg"}
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0
    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

def visible(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        parser = Text()
        parser.feed(f.read())
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()

if not os.path.isdir(zola):
    print("zola wrote nothing: no comparison")
    sys.exit(0)
z = outputs(zola)
q = outputs(quire) if os.path.isdir(quire) else set()
common = sorted(z & q)
print(f"paths: {len(common)} of Zola's {len(z)} HTML/XML outputs at the same path in Quire's "
      f"({100 * len(common) / max(len(z), 1):.1f}%); Quire wrote {len(q - z)} more")
pages = [p for p in common if p.endswith(".html")]
same = [p for p in pages if visible(os.path.join(quire, p)) == visible(os.path.join(zola, p))]
print(f"text: {len(same)} of {len(pages)} common HTML pages with the same visible text "
      f"({100 * len(same) / max(len(pages), 1):.1f}%)")
if verbose:
    for p in sorted(z - q):
        print("  missing:", p)
    for p in pages:
        if p not in same:
            print("  differs:", p)
EOF

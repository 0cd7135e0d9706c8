#!/usr/bin/env bash
# Renders one letter of each kind the demo projects issue (and every 批复), as PNG pages under docs/letters/, so a reader sees
# what the letters look like. Runs the service on a throwaway embedded default, lets it issue the demo
# projects' letters, takes one PDF per kind from its SQLite database and rasterises it with poppler's pdftoppm.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/approvals-letters.XXXXXX)
port=5089
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

Approvals__DataDirectory="$work" ASPNETCORE_URLS="http://127.0.0.1:$port" Approvals__PublicUrl="https://approvals.example.gov.cn" \
    dotnet run --project "$root/src/Approvals.Server" -c Release > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health/ready" > /dev/null 2>&1; then break; fi
    sleep 1
done
# The demo projects' letters are issued in the background: wait until none is left to issue.
for _ in $(seq 1 120); do
    left=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"SELECT (SELECT COUNT(*) FROM letter_requests WHERE status='requested') + (SELECT COUNT(*) = 0 FROM issued_documents)\").fetchone()[0])" "$work/approvals.db" 2>/dev/null || echo 1)
    if [ "$left" = "0" ]; then break; fi
    sleep 1
done

mkdir -p "$root/docs/letters"
rm -f "$root/docs/letters"/*.png # pages of letters that got shorter would stay behind
python3 - "$work/approvals.db" "$work" <<'PY'
import sqlite3, sys
db, out = sys.argv[1], sys.argv[2]
# The first of each kind; every 批复 (each approves something else: a plan, a quota transfer …) and every overall acceptance
# (each region names its own next step) and combined opinion of another process: the later ones get -b, -c ….
rows = sqlite3.connect(db).execute("SELECT document, title, content FROM issued_documents ORDER BY issued_at, serial").fetchall()
seen, titles = {}, {}
for document, title, content in rows:
    n = seen.get(document, 0)
    seen[document] = n + 1
    if n > 0 and document not in ("approval-decision", "overall-acceptance-opinion", "combined-review-opinion"):
        continue
    if n > 0 and any(t == title for t in titles.get(document, [])):
        continue
    titles.setdefault(document, []).append(title)
    kept = len(titles[document]) - 1
    name = document if kept == 0 else f"{document}-{chr(ord('a') + kept)}"
    open(f"{out}/{name}.pdf", "wb").write(content)
    print(name, title)
PY
for pdf in "$work"/*.pdf; do
    name=$(basename "$pdf" .pdf)
    pdftoppm -png -r 60 "$pdf" "$root/docs/letters/$name"
done
ls -1 "$root/docs/letters"

#!/usr/bin/env bash
# Renders one letter of each kind the demo projects issue, as PNG pages under docs/letters/, so a reader sees
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
sleep 8 # the demo projects' letters are issued in the background

mkdir -p "$root/docs/letters"
python3 - "$work/approvals.db" "$work" <<'PY'
import sqlite3, sys
db, out = sys.argv[1], sys.argv[2]
rows = sqlite3.connect(db).execute(
    "SELECT document, content FROM issued_documents d WHERE issued_at = (SELECT MIN(issued_at) FROM issued_documents WHERE document = d.document)").fetchall()
for document, content in rows:
    open(f"{out}/{document}.pdf", "wb").write(content)
    print(document)
PY
for pdf in "$work"/*.pdf; do
    name=$(basename "$pdf" .pdf)
    pdftoppm -png -r 60 "$pdf" "$root/docs/letters/$name"
done
ls -1 "$root/docs/letters"

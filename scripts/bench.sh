#!/usr/bin/env bash
# The engine benchmark (issue 3): in memory with BenchmarkDotNet, then durably on SQLite and on a real
# PostgreSQL started here with its default durability (fsync on). Prints the figures; asserts nothing.
# Optional: SECONDS_PER_RUN (default 20), CLIENTS (default 4), PEER=1 to also run the npm bpmn-engine peer.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/lib/servers.sh

logs="$root/artifacts/bench-logs"
rm -rf "$logs"
mkdir -p "$logs"
ensure_packages
work=$(mktemp -d /tmp/approvals-bench.XXXXXX)
chmod 755 "$work"
trap 'stop_servers; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

start_postgres "$work/postgres" "$logs" durable
dotnet run -c Release --project tests/Approvals.Benchmarks -- \
    --postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres" \
    --clients "${CLIENTS:-4}" --seconds "${SECONDS_PER_RUN:-20}"

if [ "${PEER:-0}" = "1" ]; then
    (cd tests/Approvals.Benchmarks/peer && npm ci --no-audit --no-fund --silent && node bench.js 10)
fi

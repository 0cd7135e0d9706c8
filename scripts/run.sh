#!/usr/bin/env bash
# The run command: the service on its embedded default (SQLite in ./data, in-memory bus), nothing to set up.
# Any argument goes to the service, e.g. `bash scripts/run.sh --urls http://127.0.0.1:8080`; the usual
# configuration (ASPNETCORE_URLS, Approvals__*, ConnectionStrings__*) applies too.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export Approvals__DataDirectory="${Approvals__DataDirectory:-$root/data}"
if [ -z "${ASPNETCORE_URLS:-}" ] && [[ " $* " != *" --urls "* ]]; then
    export ASPNETCORE_URLS=http://127.0.0.1:5000
fi
exec dotnet run --project "$root/src/Approvals.Server" -c Release -- "$@"

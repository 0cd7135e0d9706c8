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
# Letters are rendered to PDF in this font (Debian package fonts-lxgw-wenkai): install it once if it is missing.
font=/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
if [ ! -f "$font" ] && command -v apt-get >/dev/null; then
    echo "installing fonts-lxgw-wenkai (the letters' font)" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -qq --no-install-recommends fonts-lxgw-wenkai >/dev/null 2>&1 \
        || { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends fonts-lxgw-wenkai >/dev/null; } \
        || echo "could not install fonts-lxgw-wenkai: the service runs, but rendering letters fails until $font exists" >&2
fi
exec dotnet run --project "$root/src/Approvals.Server" -c Release -- "$@"

#!/usr/bin/env bash
# The test command. On a fresh Debian machine with the .NET SDK it installs what is missing, starts real
# PostgreSQL and RabbitMQ on loopback ports of their own, runs every test project, prints the totals, and
# stops the servers by PID however the tests end. Server logs stay in artifacts/test-logs/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/lib/servers.sh

logs="$root/artifacts/test-logs"
results="$root/artifacts/test-results"
rm -rf "$logs" "$results"
mkdir -p "$logs" "$results"

ensure_packages
work=$(mktemp -d /tmp/approvals-test.XXXXXX)
chmod 755 "$work"
trap 'stop_servers; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

start_postgres "$work/postgres" "$logs"
start_rabbitmq "$work/rabbitmq" "$logs"
export APPROVALS_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export APPROVALS_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
echo "test servers: PostgreSQL on 127.0.0.1:$PG_PORT, RabbitMQ on 127.0.0.1:$AMQP_PORT"

status=0
dotnet build Approvals.sln -nologo -clp:ErrorsOnly || exit $?
# A test host that goes quiet for 10 minutes is killed and named (blame), so a hang fails the run in minutes
# instead of using up CI's time.
dotnet test Approvals.sln --no-build -nologo --blame-hang-timeout 10m --blame-hang-dump-type none \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

summarise_servers "$logs"
summarise_results "$results"
exit $status

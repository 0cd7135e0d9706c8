# Shared by scripts/test.sh: install, start and stop the real servers the tests use.
# Each server gets free loopback ports, its own data directory, and is stopped by its PID.

APT_UPDATED=""
apt_install() {
    if [ -z "$APT_UPDATED" ]; then
        echo "installing: $*"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_packages() {
    local missing=()
    [ -n "$(postgres_bin)" ] || missing+=(postgresql)
    [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
    command -v docker-compose >/dev/null || missing+=(docker-compose)
    # The independent department client (clients/amqp-node) runs under Node.js; npm installs its amqplib.
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    # Letters (src/Approvals.Documents) are set in LXGW WenKai; the document tests read the PDFs with poppler's tools.
    [ -f /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf ] || missing+=(fonts-lxgw-wenkai)
    command -v pdffonts >/dev/null || missing+=(poppler-utils)
    # The letters' QR code is decoded from a rendered page to prove it scans.
    command -v zbarimg >/dev/null || missing+=(zbar-tools)
    if [ ${#missing[@]} -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a free loopback port at or above $1, skipping any given after it.
free_port() {
    local port=$1; shift
    while port_in_use "$port" || [[ " $* " == *" $port "* ]]; do port=$((port + 1)); done
    echo "$port"
}

wait_for_port() { # port seconds name
    local i
    for ((i = 0; i < $2 * 5; i++)); do
        port_in_use "$1" && return 0
        sleep 0.2
    done
    echo "$3 did not open port $1 within $2 s" >&2
    return 1
}

PG_DATA=""
PG_LOG=""
PG_LOGS_OUT=""
start_postgres() { # dir logs [durable]
    local bin; bin=$(postgres_bin)
    # Tests throw their databases away, so they run without fsync; a benchmark keeps PostgreSQL's defaults.
    local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${3:-}" = "durable" ] && speed=""
    PG_DATA="$1/data"
    # The server runs as postgres, which may not enter the checkout (a clone in a 0700 folder): its log
    # lives in its own folder and is copied to the logs folder when it stops.
    PG_LOG="$1/postgresql.log"
    PG_LOGS_OUT="$2/postgresql"
    PG_PORT=$(free_port 55432)
    install -d -o postgres -g postgres "$1"
    mkdir -p "$PG_LOGS_OUT"
    (cd "$1" && runuser -u postgres -- "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8) >"$PG_LOGS_OUT/initdb.log"
    (cd "$1" && runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" -w -l "$PG_LOG" -o \
        "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$1 $speed -c log_connections=on -c max_connections=200" \
        start >/dev/null)
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') started: pid $(head -n 1 "$PG_DATA/postmaster.pid"), port $PG_PORT"
}

RABBIT_DIR=""
start_rabbitmq() { # dir logs
    RABBIT_DIR="$1"
    AMQP_PORT=$(free_port 56720)
    RABBIT_DIST_PORT=$(free_port 46720 "$AMQP_PORT")
    RABBIT_EPMD_PORT=$(free_port 44369 "$AMQP_PORT" "$RABBIT_DIST_PORT")
    mkdir -p "$1/home" "$1/mnesia" "$2/rabbitmq"
    echo "[]." >"$1/enabled_plugins"
    echo "listeners.tcp.default = 127.0.0.1:$AMQP_PORT" >"$1/rabbitmq.conf"
    rabbit_env() {
        env HOME="$RABBIT_DIR/home" RABBITMQ_NODENAME=approvals-test@localhost \
            RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
            RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia" RABBITMQ_LOG_BASE="$logs_dir/rabbitmq" \
            RABBITMQ_PID_FILE="$RABBIT_DIR/rabbit.pid" RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins" \
            RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT="$RABBIT_EPMD_PORT" \
            RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
            RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" "$@"
    }
    logs_dir="$2"
    rabbit_env setsid /usr/lib/rabbitmq/bin/rabbitmq-server >"$2/rabbitmq/console.log" 2>&1 &
    RABBIT_LAUNCHER=$!
    wait_for_port "$AMQP_PORT" 60 RabbitMQ
    echo "RabbitMQ started: pid $(cat "$1/rabbit.pid" 2>/dev/null || echo "$RABBIT_LAUNCHER"), port $AMQP_PORT"
}

# epmd detaches from the broker and outlives it; find ours by the port in its environment.
epmd_pids() {
    local pid
    for pid in $(pgrep -x epmd 2>/dev/null); do
        tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "ERL_EPMD_PORT=$RABBIT_EPMD_PORT" && echo "$pid"
    done
}

wait_gone() { # pid seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
}

stop_servers() {
    local pid
    if [ -n "$RABBIT_DIR" ]; then
        pid=$(cat "$RABBIT_DIR/rabbit.pid" 2>/dev/null || echo "${RABBIT_LAUNCHER:-}")
        if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null && wait_gone "$pid" 30; fi
        [ -n "${RABBIT_LAUNCHER:-}" ] && { kill -TERM "$RABBIT_LAUNCHER" 2>/dev/null || true; }
        for pid in $(epmd_pids); do kill -TERM "$pid" 2>/dev/null || true; done
        echo "RabbitMQ stopped"
        RABBIT_DIR=""
    fi
    if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
        pid=$(head -n 1 "$PG_DATA/postmaster.pid")
        kill -INT "$pid" 2>/dev/null && wait_gone "$pid" 30
        cp "$PG_LOG" "$PG_LOGS_OUT/" 2>/dev/null || true
        echo "PostgreSQL stopped"
        PG_DATA=""
    fi
}

summarise_servers() { # logs
    local pg rabbit
    pg=$(grep -c "connection authorized" "$PG_LOG" 2>/dev/null || true)
    rabbit=$(cat "$1"/rabbitmq/*.log 2>/dev/null | grep -c "accepting AMQP connection" || true)
    echo "server logs ($1): PostgreSQL authorized ${pg:-0} connections; RabbitMQ accepted ${rabbit:-0} AMQP connections"
}

# Adds up the TRX files and prints the totals as one plain line.
summarise_results() { # results dir
    local passed=0 failed=0 skipped=0 file p f t e
    for file in "$1"/*.trx; do
        [ -f "$file" ] || continue
        p=$(grep -o '<Counters [^>]*' "$file" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
        f=$(grep -o '<Counters [^>]*' "$file" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
        t=$(grep -o '<Counters [^>]*' "$file" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*')
        e=$(grep -o '<Counters [^>]*' "$file" | grep -o ' executed="[0-9]*"' | grep -o '[0-9]*')
        passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
    done
    echo "Tests: $passed passed, $failed failed, $skipped skipped"
}

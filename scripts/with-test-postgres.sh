#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server for the state backend tests.
#
# The server lives in a new temporary folder: its data, its log and its Unix socket. It listens
# on no TCP address and trusts every local connection. The tests connect through the libpq
# connection string in CREDHASH_TEST_PG_CONN. The server is stopped and the folder removed when
# the command ends, even when it fails. When PostgreSQL is missing and cannot be installed from
# Debian, the command runs without the variable, so the PostgreSQL tests skip and print the reason.
#
# Usage: scripts/with-test-postgres.sh COMMAND [ARGUMENT...]
set -euo pipefail

find_bin_folder() {
    local folder
    for folder in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$folder/initdb" ] && [ -x "$folder/pg_ctl" ]; then
            echo "$folder"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# Installs Debian's postgresql package without the cluster it would otherwise create and start
# on TCP port 5432: postgresql-common comes first, so its createcluster.conf can turn that
# cluster off before the server package is configured. Prints why and returns 1 when it cannot.
install_postgresql() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "apt-get is not available" >&2
        return 1
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if ! sudo -n true 2>/dev/null; then
            echo "installing needs root and sudo is not available without a password" >&2
            return 1
        fi
        sudo="sudo"
    fi
    echo "installing postgresql with apt-get for the state backend tests"
    $sudo apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-common >/dev/null || return 1
    $sudo sed -i -E 's/^#? *create_main_cluster *=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf ||
        return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

bin_folder=$(find_bin_folder || true)
if [ -z "$bin_folder" ]; then
    if install_postgresql; then
        bin_folder=$(find_bin_folder || true)
    fi
fi
if [ -z "$bin_folder" ]; then
    echo "note: PostgreSQL is not installed and could not be installed, so the PostgreSQL state tests are skipped" >&2
    exec "$@"
fi

# initdb and postgres refuse to run as root, so root runs them as the postgres user.
run_server_tool() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# /tmp rather than TMPDIR: the postgres user must reach the folder, and a Unix socket path is
# limited to 107 bytes.
folder=$(mktemp -d /tmp/credhash-pg.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$folder"
fi

stop_server() {
    run_server_tool "$bin_folder/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$folder"
}
trap stop_server EXIT

run_server_tool "$bin_folder/initdb" -D "$folder/data" -A trust -U credhash -E UTF8 --no-sync >"$folder/initdb.log" 2>&1 || {
    cat "$folder/initdb.log" >&2
    echo "error: initdb failed" >&2
    exit 1
}
options="-c listen_addresses='' -c unix_socket_directories='$folder' -c fsync=off"
run_server_tool "$bin_folder/pg_ctl" -D "$folder/data" -o "$options" -l "$folder/server.log" -w -t 30 start >/dev/null || {
    cat "$folder/server.log" >&2
    echo "error: the PostgreSQL test server did not start" >&2
    exit 1
}
echo "started a PostgreSQL test server on the Unix socket in $folder"

export CREDHASH_TEST_PG_CONN="host=$folder dbname=postgres user=credhash"
"$@"

#!/usr/bin/env bash
# Installs what `make bench` needs when missing: hyperfine and libcurl's development files from
# Debian (the static build links libcurl), and octoDNS from PyPI in the virtual environment
# $1/venv, kept apart from the .venv that `make test` uses.
set -euo pipefail

work=${1:?usage: setup.sh WORK_FOLDER}

missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: missing ${missing[*]} and apt-get is not available; install them with your package manager" >&2
        exit 1
    fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "installing ${missing[*]} with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

if [ ! -x "$work/venv/bin/octodns-sync" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q 'octodns>=1.10,<2'
fi

#!/usr/bin/env bash
# Installs what `make bench` needs when missing: hyperfine and libcurl's development files from
# Debian (the static build links libcurl), and octoDNS from PyPI in the virtual environment
# $1/venv, kept apart from the .venv that `make test` uses.
set -euo pipefail

work=${1:?usage: setup.sh WORK_FOLDER}

"$(dirname "$0")/../scripts/install-system-deps.sh" bench

if [ ! -x "$work/venv/bin/octodns-sync" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q 'octodns>=1.10,<2'
fi

#!/usr/bin/env bash
# Installs the C libraries credhash links against (libyaml, OpenSSL's libcrypto and libpq) when
# their pkg-config files are missing, and Python's venv module for the test tools. With the
# argument 'static' it also installs libcurl's development files, and with 'bench' those and
# hyperfine. Debian and Ubuntu get them through apt-get; on macOS the script names the Homebrew
# packages to install and stops.
set -euo pipefail

missing=()
pkg-config --exists yaml-0.1 2>/dev/null || missing+=(libyaml-dev)
pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev)
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
# A build with the Swift standard library linked in (`static`) also needs libcurl's development
# symlink, because Foundation's networking library links against libcurl.
if [ "${1:-}" = static ] || [ "${1:-}" = bench ]; then
    pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
fi
if [ "${1:-}" = bench ]; then
    command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

case "$(uname -s)" in
Darwin)
    echo "error: missing C libraries; run: brew install libyaml openssl@3 libpq pkg-config" >&2
    exit 1
    ;;
esac

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing packages ${missing[*]} and apt-get is not available; install them with your package manager" >&2
    exit 1
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

echo "installing ${missing[*]} with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"

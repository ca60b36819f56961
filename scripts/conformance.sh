#!/usr/bin/env bash
# Run a client against a fresh emulator, then check every request and response
# it exchanged against Rebilly's OpenAPI definitions.
#
# Usage: scripts/conformance.sh [COMMAND [ARGUMENT...]]
# COMMAND runs with REBILLY_EMULATOR_URL and REBILLY_API_KEY set. Without a
# COMMAND, emulator/traffic.py sends one create, read and deactivation per kind.
# PYTHON runs the emulator (default python3); CHECK_PYTHON runs the checker,
# which needs PyYAML and jsonschema (default .venv/bin/python if present).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [[ -z "${CHECK_PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then CHECK_PYTHON=.venv/bin/python; else CHECK_PYTHON=$PYTHON; fi
fi
api_key=sk_test_conformance
workdir=$(mktemp -d)
emulator_pid=""

cleanup() {
    if [[ -n "$emulator_pid" ]]; then
        kill -TERM "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT

"$PYTHON" emulator/rebilly_emulator.py --port 0 --api-key "$api_key" --quiet \
    >"$workdir/stdout" 2>"$workdir/stderr" &
emulator_pid=$!

url=""
for _ in $(seq 200); do
    line=$(head -n 1 "$workdir/stdout")
    if [[ "$line" == "listening on "* ]]; then
        url=${line#listening on }
        break
    fi
    if ! kill -0 "$emulator_pid" 2>/dev/null; then break; fi
    sleep 0.05
done
if [[ -z "$url" ]]; then
    echo "conformance.sh: the emulator did not start; its stderr:" >&2
    cat "$workdir/stderr" >&2
    exit 2
fi

if [[ $# -eq 0 ]]; then
    set -- "$PYTHON" emulator/traffic.py --url "$url" --api-key "$api_key"
fi
REBILLY_EMULATOR_URL=$url REBILLY_API_KEY=$api_key "$@"

"$CHECK_PYTHON" emulator/conformance.py --url "$url"

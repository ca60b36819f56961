#!/usr/bin/env bash
# The credhash demo: starts the local emulator on a free port, plans and applies the example
# credentials with throwaway secrets, rotates one secret to show a replace and its mapping,
# prints the current hashes, and stops the emulator. Everything happens in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."

credhash=${CREDHASH:-$(swift build --show-bin-path)/credhash}
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

# Start the emulator and read the address it prints first.
python3 emulator/rebilly_emulator.py --port 0 --api-key demo-api-key --quiet >"$workdir/emulator.out" 2>/dev/null &
emulator_pid=$!
url=""
for _ in $(seq 200); do
    line=$(head -n 1 "$workdir/emulator.out" 2>/dev/null || true)
    if [[ "$line" == "listening on "* ]]; then
        url=${line#listening on }
        break
    fi
    sleep 0.05
done
if [[ -z "$url" ]]; then
    echo "demo: the emulator did not start" >&2
    exit 1
fi

cp -R examples/credentials.yaml examples/secrets "$workdir/"
set -a
. examples/demo-secrets.env
set +a
export REBILLY_API_URL=$url REBILLY_API_KEY=demo-api-key CREDHASH_STATE_KEY=demo-state-passphrase
cd "$workdir"

# Each step's command is printed before its output, in bold on a terminal.
step() {
    if [[ -t 1 ]]; then printf '\n\033[1m$ %s\033[0m\n' "$*"; else printf '\n$ %s\n' "$*"; fi
}

step credhash validate
"$credhash" validate --quiet && echo "credentials.yaml is valid"
step credhash plan
"$credhash" plan
step credhash apply --auto-approve
"$credhash" apply --auto-approve

step "export SMTP_PASSWORD=rotated-demo-password; credhash plan"
export SMTP_PASSWORD=rotated-demo-password
"$credhash" plan
step credhash apply --auto-approve
"$credhash" apply --auto-approve
step credhash mapping
"$credhash" mapping
step credhash output
"$credhash" output

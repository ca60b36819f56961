#!/usr/bin/env bash
# Checks that Rebilly and the state still match the configuration, for a scheduled job. Exits 0
# when the plan is empty, 2 when it has changes (drift, or an unapplied edit), 6 when the changes
# are past a safety threshold, and 1 on errors.
#
# Environment: CREDHASH (default "credhash"), REBILLY_API_KEY and CREDHASH_STATE_KEY.
set -euo pipefail

credhash="${CREDHASH:-credhash}"

# --refresh=true fails when REBILLY_API_KEY is missing instead of planning offline, because an
# offline plan cannot see drift in Rebilly.
"$credhash" plan --refresh=true --expect-no-changes

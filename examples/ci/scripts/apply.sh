#!/usr/bin/env bash
# Applies the plan that plan.sh saved, without asking: the saved plan is what was reviewed, and
# credhash exits 5 without changing anything when the state, the configuration or a secret moved
# since it was made. Under GitHub Actions, credhash appends the apply summary to the job summary.
#
# Environment: CREDHASH (default "credhash"), REBILLY_API_KEY, CREDHASH_STATE_KEY, and
# optionally CREDHASH_PLAN_FILE (default credhash.plan).
set -euo pipefail

credhash="${CREDHASH:-credhash}"
plan_file="${CREDHASH_PLAN_FILE:-credhash.plan}"

if [ ! -f "$plan_file" ]; then
  echo "no saved plan at '$plan_file'; run plan.sh first" >&2
  exit 1
fi
# Waits up to five minutes for a run that still holds the state lock.
"$credhash" apply --lock-timeout 300 "$plan_file"

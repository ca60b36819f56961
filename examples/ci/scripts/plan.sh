#!/usr/bin/env bash
# Plans the credentials: prints the plan as Markdown, saves it for apply.sh and writes the change
# counts for GitLab's merge-request widget. Under GitHub Actions, credhash also appends the plan
# to the job summary itself. Exits 0 whether or not the plan has changes, and non-zero on errors.
#
# Environment: CREDHASH (the credhash command, default "credhash"), REBILLY_API_KEY,
# CREDHASH_STATE_KEY, and optionally CREDHASH_PLAN_FILE, CREDHASH_REPORT_FILE and
# CREDHASH_PLAN_MARKDOWN to name the files written.
set -euo pipefail

credhash="${CREDHASH:-credhash}"
plan_file="${CREDHASH_PLAN_FILE:-credhash.plan}"
report_file="${CREDHASH_REPORT_FILE:-credhash-report.json}"
markdown_file="${CREDHASH_PLAN_MARKDOWN:-credhash-plan.md}"

"$credhash" validate

# pipefail makes the pipeline's status credhash's, not tee's; 2 means "changes planned".
status=0
"$credhash" plan --markdown --detailed-exitcode --out "$plan_file" --report "$report_file" \
  | tee "$markdown_file" || status=$?
case "$status" in
  0) echo "No changes planned." ;;
  2) echo "Changes planned and saved to $plan_file." ;;
  *) exit "$status" ;;
esac

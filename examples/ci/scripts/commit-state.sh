#!/usr/bin/env bash
# Commits the state file back to the branch after apply.sh, for teams that keep the state in
# the repository. The state holds hashes and keyed fingerprints, never a secret.
#
# Environment: CREDHASH_STATE (default credhash.state.json).
set -euo pipefail

state_file="${CREDHASH_STATE:-credhash.state.json}"

git add -- "$state_file"
if git diff --cached --quiet -- "$state_file"; then
  echo "The state did not change."
  exit 0
fi
# "[skip ci]" keeps the push from starting another pipeline on GitLab; GitHub never starts one
# for a push made with GITHUB_TOKEN.
git -c user.name="${GIT_AUTHOR_NAME:-credhash CI}" -c user.email="${GIT_AUTHOR_EMAIL:-credhash-ci@example.invalid}" \
  commit -m "Record the credhash state after apply [skip ci]" -- "$state_file"
git push

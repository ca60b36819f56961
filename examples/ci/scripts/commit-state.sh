#!/usr/bin/env bash
# Commits the state file back to the branch after apply.sh, for teams that keep the state in
# the repository. The state holds hashes and keyed fingerprints, never a secret.
#
# Another run may have pushed to the branch since this job checked it out, so a rejected push is
# retried after replaying the commit on the branch tip. The job needs the branch's history for
# that (GitHub: fetch-depth 0; GitLab: GIT_DEPTH 0).
#
# Environment:
#   CREDHASH_STATE        the state file (default credhash.state.json)
#   CREDHASH_PUSH_REMOTE  the remote or URL to push to (default origin)
#   CREDHASH_BRANCH       the branch (default GITHUB_REF_NAME, CI_COMMIT_BRANCH, or the current one)
set -euo pipefail

state_file="${CREDHASH_STATE:-credhash.state.json}"
remote="${CREDHASH_PUSH_REMOTE:-origin}"
branch="${CREDHASH_BRANCH:-${GITHUB_REF_NAME:-${CI_COMMIT_BRANCH:-$(git rev-parse --abbrev-ref HEAD)}}}"

# An apply that failed before its first write leaves no state, and there is nothing to record.
if [[ ! -f "$state_file" ]]; then
  echo "No state file '$state_file' to commit."
  exit 0
fi

git add -- "$state_file"
if git diff --cached --quiet -- "$state_file"; then
  echo "The state did not change."
  exit 0
fi
# "[skip ci]" keeps the push from starting another pipeline on GitLab; GitHub never starts one
# for a push made with GITHUB_TOKEN.
git -c user.name="${GIT_AUTHOR_NAME:-credhash CI}" -c user.email="${GIT_AUTHOR_EMAIL:-credhash-ci@example.invalid}" \
  commit -m "Record the credhash state after apply [skip ci]" -- "$state_file"

for attempt in 1 2 3; do
  if git push "$remote" "HEAD:refs/heads/$branch"; then
    exit 0
  fi
  echo "The push was rejected (attempt $attempt); replaying the state commit on '$branch'." >&2
  git fetch "$remote" "refs/heads/$branch"
  if ! git -c user.name="credhash CI" -c user.email="credhash-ci@example.invalid" rebase FETCH_HEAD; then
    git rebase --abort || true
    echo "error: the state commit conflicts with '$branch'; another run changed the state. Resolve it by hand before the next apply." >&2
    exit 1
  fi
done
echo "error: the state could not be pushed to '$branch' after 3 attempts" >&2
exit 1

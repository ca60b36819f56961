#!/usr/bin/env bash
# Installs credhash on a CI runner from a release binary your team hosts (`make release` builds
# one), after checking its SHA-256, and installs the shared libraries it loads.
#
# Environment:
#   CREDHASH_DOWNLOAD_URL  where the binary is (https:// or file://)
#   CREDHASH_SHA256        its SHA-256, as `make release` prints it
#   CREDHASH_INSTALL_TO    where to put it (default: CREDHASH, else ./credhash-bin/credhash)
set -euo pipefail

: "${CREDHASH_DOWNLOAD_URL:?set CREDHASH_DOWNLOAD_URL to the credhash binary your team hosts}"
: "${CREDHASH_SHA256:?set CREDHASH_SHA256 to the SHA-256 of the binary}"
target="${CREDHASH_INSTALL_TO:-${CREDHASH:-./credhash-bin/credhash}}"

# The binary carries the Swift runtime but loads these system libraries.
if command -v apt-get >/dev/null 2>&1 && ! ldconfig -p 2>/dev/null | grep -q 'libyaml-0.so.2'; then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libyaml-0-2 libssl3 libcurl4
fi

mkdir -p "$(dirname "$target")"
trap 'rm -f "$target.download"' EXIT
curl -fsSL --proto '=https,file' "$CREDHASH_DOWNLOAD_URL" -o "$target.download"
echo "$CREDHASH_SHA256  $target.download" | sha256sum --check --quiet -
chmod 0755 "$target.download"
mv "$target.download" "$target"
"$target" --version

#!/usr/bin/env bash
# Builds credhash with the Swift standard library linked in (--static-swift-stdlib) and copies it
# to dist/credhash-<version>-linux-<arch>, then prints its size and SHA-256.
#
# The static link needs libcurl's development symlink (libcurl.so), because Foundation's
# networking library links against libcurl. On Debian and Ubuntu it comes with
# libcurl4-openssl-dev, which scripts/install-system-deps.sh installs when pkg-config cannot find
# libcurl. The binary still needs glibc, libstdc++, libyaml, libcrypto, libpq and libcurl on the
# target.
set -euo pipefail

swift=${SWIFT:-swift}
cd "$(dirname "$0")/.."

scripts/install-system-deps.sh static

$swift build -c release --static-swift-stdlib --product credhash
binary="$($swift build -c release --static-swift-stdlib --show-bin-path)/credhash"
version="$("$binary" --version | awk '{ print $2 }')"
target="dist/credhash-${version}-linux-$(uname -m)"

mkdir -p dist
cp "$binary" "$target"
size=$(stat -c %s "$target")
echo "$target: $size bytes ($(( (size + 524288) / 1048576 )) MiB)"
(cd dist && sha256sum "$(basename "$target")")

#!/bin/sh
# Builds the config loader fuzzer with libFuzzer and runs it for FUZZ_SECONDS seconds, seeded
# from examples/ and the test fixtures. Inputs that crash or hang are saved under
# .build/fuzz/crashes/; replay one with the plain build's CredhashConfigFuzzer binary.
set -eu

seconds=${FUZZ_SECONDS:-60}
swift=${SWIFT:-swift}
build_path=.build/fuzz
corpus=$build_path/corpus
crashes=$build_path/crashes

# A separate build path keeps the sanitizer flags from invalidating the normal build.
"$swift" build --build-path "$build_path" --product CredhashConfigFuzzer \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DCREDHASH_FUZZING
binary=$("$swift" build --build-path "$build_path" --show-bin-path)/CredhashConfigFuzzer

mkdir -p "$corpus" "$crashes"
# Most fixtures are named credentials.yaml, so each seed is named after its whole path.
find examples Tests -name '*.yaml' -type f | while read -r seed; do
    cp "$seed" "$corpus/seed-$(echo "$seed" | tr / _)"
done

# -timeout=1 treats any input that runs longer than a second as a hang.
exec "$binary" "$corpus" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/"

#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ (cargo-fuzz, libFuzzer) one after the other, each for SECONDS
# (default 600), and stops at the first finding (its input is in fuzz/artifacts/TARGET/).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (no TARGET: every target; `cargo fuzz list`)
#
# Only a stable toolchain is needed: RUSTC_BOOTSTRAP=1 lets it take the sanitizer flags.
# FUZZ_BUILD="--dev" (or any `cargo fuzz run` build flags) changes the build, e.g. for a quick
# smoke run; the default is an optimised build with debug assertions, overflow checks and
# AddressSanitizer. The corpus grows in fuzz/corpus/TARGET (not committed), seeded from
# fuzz/seeds/TARGET.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
shift || true
export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi
read -r -a build <<<"${FUZZ_BUILD:-}"
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  extra=()
  if [ -f "dicts/$target.dict" ]; then
    extra+=("-dict=dicts/$target.dict")
  fi
  echo "== fuzz $target for ${seconds}s"
  # One process (no -jobs/-workers: the cores are shared); -timeout: one input taking more
  # than 10 s is a finding (unbounded work), as is more than 2 GiB of memory.
  cargo fuzz run "${build[@]}" "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    "${extra[@]}"
done

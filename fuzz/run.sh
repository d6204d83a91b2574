#!/usr/bin/env bash
# Runs each fuzz target of the sanitizer build for a bounded time over its
# corpus, after replaying every crash found so far (fuzz/crashes/TARGET-*).
# Fails on any crash or sanitizer report. New inputs found go to a scratch
# folder, not the repository.
#
#   fuzz/run.sh BUILD_DIR [SECONDS_EACH]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS_EACH]}
seconds=${2:-60}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for target in report_extract ledger_csv json_request jwt call_headers gateway_http document_text; do
  binary="$build/fuzz/fuzz_$target"
  crashes=(fuzz/crashes/"$target"-*)
  if [ -e "${crashes[0]}" ]; then
    echo "== $target: replaying ${#crashes[@]} past crash(es)"
    "$binary" "${crashes[@]}" 2>&1 | tail -3
  fi
  mkdir -p "$scratch/$target"
  echo "== $target: ${seconds}s"
  "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -artifact_prefix="$scratch/$target-" -print_final_stats=1 \
    "$scratch/$target" "fuzz/corpus/$target" 2>&1 |
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|SUMMARY|ERROR)" || true
  if ls "$scratch/$target-"* >/dev/null 2>&1; then
    echo "fuzz: $target crashed; the input is kept in fuzz/crashes/ of this run:" >&2
    ls "$scratch/$target-"* >&2
    exit 1
  fi
done

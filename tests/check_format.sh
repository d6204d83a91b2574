#!/usr/bin/env bash
# Fails, listing the files, when a tracked C++ or proto file is not
# clang-format clean. Fix with: clang-format -i FILE…
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.proto' 2>/dev/null || find . -name '*.cc' -o -name '*.h' -o -name '*.proto')
"${CLANG_FORMAT:-clang-format}" --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files clean"

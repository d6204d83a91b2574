#!/usr/bin/env bash
# Fails, printing FILE:LINE, when a file of the repository refers to a path
# outside it: a clone must build, test and read on its own, with nothing
# beside it.
#
# Checked: every file git lists (tracked, and untracked but not ignored, so a
# new file is caught before it is committed), except this script.
# - Anywhere: `../shared`, `shared/seed`, `shared/domain.md`,
#   `shared/architecture.md`, and absolute paths under /work/.
# - Anywhere: a relative path that climbs (`../`, `../../` …), resolved
#   against the file's folder, must stay inside the repository:
#   `../../base` in k8s/overlays/city/ is fine, `../../x` in docs/ is not.
# - Markdown: every relative link target, resolved against the file's
#   folder, must stay inside the repository (`[x](..)` in README.md is out).
#
# Then a self-test: the check runs on a temporary copy of the repository, once
# clean, with references that stay inside planted (it must pass), and once
# for each kind of outside reference planted (it must fail, naming the file).
#
# Usage: tests/check_standalone.sh [--no-self-test]
set -euo pipefail

self=tests/check_standalone.sh
root=$(cd "$(dirname "$0")/.." && pwd)

# The files of the tree $1, NUL-separated, relative to it: git's list when it
# is a git work tree, else every file but the build outputs (a source tarball).
list_files() {
  if command -v git >/dev/null && git -C "$1" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$1" ls-files -z --cached --others --exclude-standard
  else
    (cd "$1" && find . \( -name .git -o -path ./build -o -path './build-*' -o -path ./data \) -prune \
      -o -type f -printf '%P\0')
  fi
}

# Prints every outside reference under $1 as FILE:LINE: TEXT; returns 1 if
# there is one.
check_tree() {
  local tree=$1
  local -a files=()
  local f
  while IFS= read -r -d '' f; do
    [[ $f == "$self" ]] && continue
    [[ -f $tree/$f && ! -L $tree/$f ]] || continue # deleted, or a symlink
    files+=("$f")
  done < <(list_files "$tree")
  [[ ${#files[@]} -gt 0 ]] || {
    echo "check_standalone: no files listed under $tree" >&2
    return 2
  }

  local found=0 out
  # Literal forms, in text files only (-I skips binary files).
  out=$(cd "$tree" && printf '%s\0' "${files[@]}" |
    xargs -0 grep -nIHE -- '\.\./shared|shared/(seed|domain\.md|architecture\.md)|(^|[^A-Za-z0-9_.~-])/work/' ||
    true)
  if [[ -n $out ]]; then
    printf '%s\n' "$out"
    found=1
  fi

  # Relative climbs and Markdown links, resolved against the file's folder.
  out=$(cd "$tree" && printf '%s\0' "${files[@]}" |
    xargs -0 grep -lIZ -e '\.\.' -- 2>/dev/null |
    xargs -0 -r awk '
      # The depth below the root that `target`, read from folder `dir`,
      # reaches; negative when it leaves the repository.
      function depth(dir, target,    path, n, parts, i, d) {
        path = (dir == "." ? "" : dir "/") target
        n = split(path, parts, "/")
        d = 0
        for (i = 1; i <= n; i++) {
          if (parts[i] == "" || parts[i] == ".") continue
          if (parts[i] == "..") { if (--d < 0) return -1 } else d++
        }
        return d
      }
      function report(target) {
        printf "%s:%d: %s (leaves the repository: %s)\n", FILENAME, FNR, $0, target
        found = 1
      }
      FNR == 1 {
        dir = FILENAME
        if (sub(/\/[^\/]*$/, "", dir) == 0) dir = "."
        markdown = FILENAME ~ /\.md$/
      }
      {
        line = $0
        # Any run of ../ at the start of a path, with what follows it.
        while (match(line, /(^|[^A-Za-z0-9_.~\/-])(\.\.\/)+[^][ \t"'"'"'`()<>{},;:|*?]*/)) {
          target = substr(line, RSTART, RLENGTH)
          sub(/^[^.]/, "", target)
          line = substr(line, RSTART + RLENGTH)
          if (depth(dir, target) < 0) { report(target); next }
        }
        if (!markdown) next
        line = $0
        # Markdown link targets: ](target) and ](target "title").
        while (match(line, /\]\([^) \t]+/)) {
          target = substr(line, RSTART + 2, RLENGTH - 2)
          line = substr(line, RSTART + RLENGTH)
          if (target ~ /^([A-Za-z][A-Za-z0-9+.-]*:|#|\/)/) continue # URL, anchor, root
          sub(/#.*/, "", target)
          if (depth(dir, target) < 0) { report(target); next }
        }
      }
      END { exit found }
    ' || true)
  if [[ -n $out ]]; then
    printf '%s\n' "$out"
    found=1
  fi
  return "$found"
}

if ! check_tree "$root"; then
  echo "check_standalone: the lines above refer to paths outside the repository;" >&2
  echo "copy what they need into it (e.g. deploy/demo/, docs/) and point at that." >&2
  exit 1
fi
echo "check_standalone: nothing refers outside the repository"

[[ ${1:-} == --no-self-test ]] && exit 0

# The self-test, on a copy of the files the check reads.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy=$work/repo
mkdir -p "$copy"
(list_files "$root" |
  (cd "$root" && while IFS= read -r -d '' f; do if [[ -f $f ]]; then printf '%s\0' "$f"; fi; done |
  tar --null -T - -cf -)) | tar -xf - -C "$copy"
if command -v git >/dev/null; then git -C "$copy" init -q; fi

fail() {
  echo "check_standalone self-test: $*" >&2
  exit 1
}

check_tree "$copy" >"$work/out" 2>&1 || fail "the copy of the repository fails: $(cat "$work/out")"

# References that stay inside: must pass.
mkdir -p "$copy/k8s/overlays/selftest" "$copy/docs/adr"
printf 'resources:\n  - ../../base\n' >"$copy/k8s/overlays/selftest/kustomization.yaml"
printf 'See [the API](../api.md) and [the tour](../../README.md#a-tour).\n' >"$copy/docs/adr/selftest-inside.md"
printf '#include "../common/x.h"\n' >"$copy/services/budget/selftest_inside.cc"
check_tree "$copy" >"$work/out" 2>&1 || fail "a reference that stays inside was flagged: $(cat "$work/out")"

# Each kind of outside reference: must fail, naming the file and line.
plant() { # FILE TEXT
  local file=$1 text=$2
  mkdir -p "$(dirname "$copy/$file")"
  printf 'line one\n%s\n' "$text" >"$copy/$file"
  if check_tree "$copy" >"$work/out" 2>&1; then
    fail "not caught: $file: $text"
  fi
  grep -q "^$file:2:" "$work/out" || fail "caught, but not as $file:2: $(cat "$work/out")"
  rm "$copy/$file"
}
plant tests/unit/selftest_seed.cc 'const char* kSeed = SOURCE_DIR "/../shared/seed/taoyuan-psb-2019.txt";'
plant services/budget/selftest_comment.h '// The identities of shared/domain.md §4.3.'
plant deploy/selftest.sh 'data=/work/main/data'
plant docs/selftest-link.md 'Design: [the notes](../../notes/architecture.md).'
plant selftest-root.md 'The [parent folder](..) holds the rest.'
plant k8s/selftest.yaml 'path: ../../outside/file'
echo "check_standalone: self-test passed (outside references planted in a copy are caught)"

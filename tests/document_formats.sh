#!/usr/bin/env bash
# .docx, .pdf and .xlsx reports give the same figures and findings as the
# text they were made from: each report of the real corpus (and the seed) is
# turned into the three formats by LibreOffice (Debian's, headless), and
# `jixiao report extract` reads every file.
#
#   tests/document_formats.sh BUILD_DIR [REPORT.txt ...]
#
# The .xlsx is made as a 基础数据表 is flattened: each line of the text one
# cell of column A, kept as text. What is compared: every figure's key and
# value, and the ids of the findings.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
shift || true
cli="$build/tools/jixiao/jixiao"
if [ $# -gt 0 ]; then
  reports=("$@")
else
  reports=("$root"/tests/data/reports/real/*.txt "$root/deploy/demo/taoyuan-psb-2019.txt")
fi
command -v soffice >/dev/null || { echo "soffice is needed (deploy/install-deps.sh installs it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/txt" "$work/csv" "$work/out" "$work/profile"
for report in "${reports[@]}"; do
  name=$(basename "$report" .txt)
  cp "$report" "$work/txt/$name.txt"
  cp "$report" "$work/csv/$name.csv"
done
# One LibreOffice start per format (each start takes seconds); a profile of
# its own, so that a LibreOffice the user has open is not disturbed.
office=(soffice -env:UserInstallation=file://"$work/profile" --headless --norestore)
(cd "$work/txt" && "${office[@]}" --convert-to docx --outdir "$work/out" ./*.txt >/dev/null 2>&1)
(cd "$work/txt" && "${office[@]}" --convert-to pdf --outdir "$work/out" ./*.txt >/dev/null 2>&1)
# Tab-separated (no tab in the texts: one cell a line), no quote character,
# UTF-8, every column as text (a 金额 stays as written, "95.10%" too).
(cd "$work/csv" && "${office[@]}" --infilter="CSV:9,0,76,1,1/2/2/2/3/2/4/2" \
  --convert-to xlsx --outdir "$work/out" ./*.csv >/dev/null 2>&1)

failed=0 checked=0
for report in "${reports[@]}"; do
  name=$(basename "$report" .txt)
  "$cli" report extract "$work/txt/$name.txt" >"$work/$name.txt.json"
  for format in docx pdf xlsx; do
    file="$work/out/$name.$format"
    if [ ! -s "$file" ]; then
      echo "$name.$format: LibreOffice made no file" >&2
      failed=$((failed + 1))
      continue
    fi
    if ! "$cli" report extract "$file" >"$work/$name.$format.json" 2>"$work/err"; then
      echo "$name.$format: $(cat "$work/err")" >&2
      failed=$((failed + 1))
      continue
    fi
    checked=$((checked + 1))
    if ! /usr/bin/python3 - "$work/$name.txt.json" "$work/$name.$format.json" "$name.$format" <<'PY'
import json, sys
def summary(path):
    d = json.load(open(path))
    return ({k: v["value"] for k, v in d.get("figures", {}).items()},
            sorted(f["identity"] for f in d.get("findings", [])))
text, other = summary(sys.argv[1]), summary(sys.argv[2])
if text != other:
    figures = sorted(set(text[0].items()) ^ set(other[0].items()))
    print(f"{sys.argv[3]}: differs from the text: figures {figures}, "
          f"findings {text[1]} vs {other[1]}", file=sys.stderr)
    sys.exit(1)
PY
    then
      failed=$((failed + 1))
    fi
  done
done
echo "document formats: $checked files read, $failed differ from their text"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Lint speed on a corpus of real migrations, miglint side by side with squawk (https://squawkhq.com), in one run.
# Usage: bench/lint-speed.sh [CORPUS_DIR] [RUNS]
#   CORPUS_DIR defaults to ../shared/corpus; RUNS to 5. squawk is installed into a temporary folder with npm
#   (it is never a dependency of miglint). Prints per-run wall seconds and the medians; miglint runs through
#   bin/miglint (the launcher users run) on the jar from `mvn package`.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
runs="${2:-5}"
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
[ -f target/miglint.jar ] || mvn -q -B package -DskipTests
squawk_dir="${SQUAWK_DIR:-${TMPDIR:-/tmp}/miglint-bench-squawk}"
if [ ! -x "$squawk_dir/node_modules/.bin/squawk" ]; then
  mkdir -p "$squawk_dir"
  (cd "$squawk_dir" && npm install --silent --no-audit --no-fund squawk-cli >/dev/null)
fi
squawk="$squawk_dir/node_modules/.bin/squawk"
mapfile -d '' files < <(find "$corpus" -name '*.sql' -print0 | sort -z)
echo "corpus: $corpus (${#files[@]} .sql files); $("$squawk" --version); miglint $(bin/miglint --version 2>/dev/null | tail -1)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }

m=(); q=()
for i in $(seq 1 "$runs"); do
  m+=("$(wall bin/miglint check "$corpus" --fail-on never)")
  q+=("$(wall "$squawk" "${files[@]}")")
done
mm=$(printf '%s\n' "${m[@]}" | median)
qm=$(printf '%s\n' "${q[@]}" | median)
echo "miglint wall s: ${m[*]}  median $mm"
echo "squawk  wall s: ${q[*]}  median $qm"
echo "ratio miglint/squawk (medians): $(echo "scale=2; $mm / $qm" | bc)"

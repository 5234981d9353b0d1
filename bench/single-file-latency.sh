#!/usr/bin/env bash
# Single-file latency: how long `bin/miglint check <one migration>` takes from a cold process, as a pre-commit hook
# or an editor integration runs it. Median of N runs (default 10) with the AppCDS archive target/miglint.jsa, and the
# same without it (and with C2 as well as C1) for comparison. Uses hyperfine when installed, else a timing loop. Target: median <= 0.2 s.
#
#   bench/single-file-latency.sh [FILE] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$root/migrations-samples/golang-migrate/good/migrations/20240112141400_create_orders_user_id_index.up.sql}"
runs="${2:-10}"
jar="$root/target/miglint.jar"
jsa="$root/target/miglint.jsa"
if [ ! -f "$file" ]; then
  echo "no such migration: $file" >&2
  exit 2
fi
if [ ! -f "$jar" ]; then
  echo "build first: mvn -q -B package -DskipTests" >&2
  exit 2
fi
if [ ! -f "$jsa" ] || [ ! "$jsa" -nt "$jar" ]; then
  echo "warning: $jsa is missing or older than the jar; the launcher will run without it" >&2
fi

median_of() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}'; }

measure() { # label, then the command
  local label="$1"; shift
  local rc=0
  "$@" >/dev/null 2>&1 || rc=$? # warm the page cache; an error exit would time the error path, not a check
  if [ "$rc" -gt 1 ]; then
    echo "$label: exit $rc, not a completed check; run it by hand to see why" >&2
    exit 2
  fi
  local wall=() cpu=() out
  out=$(mktemp)
  for _ in $(seq "$runs"); do
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "%e %U %S" -o "$out" "$@" >/dev/null 2>&1 || true
      read -r e u s < "$out"
      wall+=("$e")
      cpu+=("$(echo "$u + $s" | bc -l)")
    else
      local start end
      start=$(date +%s.%N)
      "$@" >/dev/null 2>&1 || true
      end=$(date +%s.%N)
      wall+=("$(echo "$end - $start" | bc -l)")
    fi
  done
  rm -f "$out"
  local med min max
  med=$(printf '%s\n' "${wall[@]}" | median_of)
  min=$(printf '%s\n' "${wall[@]}" | sort -n | head -1)
  max=$(printf '%s\n' "${wall[@]}" | sort -n | tail -1)
  printf '%-34s wall median %.3f s (min %.3f, max %.3f)' "$label" "$med" "$min" "$max"
  if [ "${#cpu[@]}" -gt 0 ]; then
    printf '   cpu median %.3f s' "$(printf '%s\n' "${cpu[@]}" | median_of)"
  fi
  printf '   %d runs\n' "$runs"
}

echo "file: ${file#"$root"/}"
echo "java: $(java -version 2>&1 | head -1)"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --warmup 1 --runs "$runs" --style basic \
    -n "with AppCDS" "$root/bin/miglint check $file" \
    -n "without AppCDS" "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar $jar check $file"
else
  measure "with AppCDS (bin/miglint)" "$root/bin/miglint" check "$file"
  measure "with AppCDS, C1 and C2" java -XX:+UseSerialGC -XX:SharedArchiveFile="$jsa" -Xlog:cds=off \
    -Xlog:cds+dynamic=off -jar "$jar" check "$file"
  measure "without AppCDS" java -XX:+UseSerialGC -Xshare:auto -XX:TieredStopAtLevel=1 -jar "$jar" check "$file"
fi
# Wall time includes waiting for a CPU: on a busy machine compare the cpu column, and the load average here.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

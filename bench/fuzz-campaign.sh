#!/usr/bin/env bash
# One long Jazzer campaign against one @FuzzTest (docs/robustness.md).
#
#   bench/fuzz-campaign.sh LexerFuzzTest#decodeAndSplit [SECONDS]     (default 1800)
#
# The campaign runs in its own copy of the project under ${FUZZ_ROOT:-/tmp/miglint-fuzz}/<target>, so that two
# campaigns and a normal build never compile into the same target/ at once; its log is
# ${FUZZ_ROOT}/<target>.log. A crashing input lands in the copy's src/test/resources/.../<Class>Inputs/<method>/
# as crash-<sha1>: the script prints where, and the input belongs in the project's own folder of the same name,
# where the normal build replays it as a regression seed. The machine's 2 cores fit two campaigns at once.
set -euo pipefail
target=${1:?usage: bench/fuzz-campaign.sh Class#method [seconds]}
seconds=${2:-1800}
project=$(cd "$(dirname "$0")/.." && pwd)
root=${FUZZ_ROOT:-/tmp/miglint-fuzz}
name=${target//#/-}
work=$root/$name
log=$root/$name.log
mkdir -p "$root"
rm -rf "$work"
mkdir -p "$work"
(cd "$project" && tar --exclude=./target --exclude=./.cifuzz-corpus --exclude=./.git -cf - .) | (cd "$work" && tar -xf -)
# The campaign corpus survives between runs of the same target, so a second campaign continues where one stopped.
if [ -d "$root/$name.corpus" ]; then
  mkdir -p "$work/.cifuzz-corpus"
  cp -r "$root/$name.corpus/." "$work/.cifuzz-corpus/"
fi
echo "fuzzing $target for ${seconds}s in $work; log: $log" >&2
started=$(date +%s)
set +e
# JAZZER_FUZZ=1 turns the @FuzzTest from seed replay into fuzzing; jazzer.internal.arg.* are passed to libFuzzer
# (jazzer-junit 0.24 has no public option for the duration; a later -max_total_time wins over the annotation's).
(cd "$work" && JAZZER_FUZZ=1 mvn -B -o -ntp test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fake_argv0 -Djazzer.internal.arg.1=-max_total_time="$seconds" \
    -Dmiglint.appcds.skip=true -Dmiglint.jazzer.hooks=true) > "$log" 2>&1
rc=$?
set -e
ended=$(date +%s)
mkdir -p "$root/$name.corpus"
[ -d "$work/.cifuzz-corpus" ] && cp -r "$work/.cifuzz-corpus/." "$root/$name.corpus/"
runs=$(grep -Eo '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
crashes=$(find "$work/src/test/resources" -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' | sort)
echo "target=$target exit=$rc wall=$((ended - started))s ${runs:-no final line; last status: $last}"
if [ -n "$crashes" ]; then
  echo "findings (copy into $project/src/test/resources at the same relative path):"
  echo "$crashes"
fi
exit $rc

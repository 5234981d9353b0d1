#!/bin/sh
# Per-migration overhead of `miglint verify` versus plain JDBC up+down+up, and engine start times.
# Needs the PostgreSQL on 127.0.0.1:5432 (trust auth, user postgres); prints the figures on stdout.
set -eu
cd "$(dirname "$0")/.."
out=target/surefire-reports/io.miglint.verify.VerifyOverheadBench-output.txt
rm -f "$out"
if ! mvn -q -B -o test -Dtest=VerifyOverheadBench -Dmiglint.checkIncremental=false -Dsurefire.failIfNoSpecifiedTests=false >/dev/null 2>&1; then
  echo "benchmark failed; see target/surefire-reports/io.miglint.verify.VerifyOverheadBench.txt" >&2
  exit 1
fi
grep -E '^(url|embedded) ' "$out"

#!/usr/bin/env bash
# The syntax-error rule against PostgreSQL's own parser (docs/parse-coverage.md): every corpus statement as written,
# then mutants of them, judged by both; prints the agreement figures and examples of each disagreement class.
#
#   bench/parse-differential.sh [MUTANTS] [SEED]      (default 100000 mutants)
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust; .ci/run starts it). Nothing of the texts runs: each is
# parsed behind a statement that fails first (see PostgresParserOracle).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B test-compile
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
mvn -o -q -B dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test >/dev/null
java -Dmiglint.projectDir="$PWD" -cp "target/test-classes:target/classes:$(cat "$cp")" \
    io.miglint.parse.differential.ParseDifferential "$@"

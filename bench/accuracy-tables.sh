#!/usr/bin/env bash
# Findings per rule per project on a corpus of real migrations, miglint (every rule, opt-in ones enabled) next to
# squawk (https://squawkhq.com, default rules) on the same files. Prints the Markdown tables of docs/accuracy.md.
# Usage: bench/accuracy-tables.sh [CORPUS_DIR] [OUT_DIR]
#   CORPUS_DIR defaults to ../shared/corpus (one folder per project); OUT_DIR (default: a temporary folder) keeps the
#   raw JSON reports for reading the findings. squawk is installed into a temporary folder with npm as in
#   bench/lint-speed.sh (SQUAWK_DIR to reuse an install; SQUAWK_VERSION, default 2.66.0); it is never a dependency.
#   Needs bash, jq, awk, java and the jar from `mvn package`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=$(cd "${1:-../shared/corpus}" && pwd)
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
out=$(cd "$out" && pwd)
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 2; }
[ -f target/miglint.jar ] || mvn -q -B package -DskipTests
squawk_version="${SQUAWK_VERSION:-2.66.0}"
squawk_dir="${SQUAWK_DIR:-${TMPDIR:-/tmp}/miglint-bench-squawk}"
if [ ! -x "$squawk_dir/node_modules/.bin/squawk" ]; then
  mkdir -p "$squawk_dir"
  (cd "$squawk_dir" && npm install --silent --no-audit --no-fund "squawk-cli@$squawk_version" >/dev/null)
fi
squawk="$squawk_dir/node_modules/.bin/squawk"

mapfile -t projects < <(find "$corpus" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
mapfile -t rules < <(java -jar target/miglint.jar rules | awk '{print $1}')
opt_in=()
while read -r id; do opt_in+=(--enable "$id"); done < <(java -jar target/miglint.jar rules | awk '/\(opt-in\)$/ {print $1}')

# One "tool<TAB>rule<TAB>project" line per finding.
counts="$out/counts.tsv"
: > "$counts"
squawk_files="$out/squawk-files.tsv"
: > "$squawk_files"
for p in "${projects[@]}"; do
  java -jar target/miglint.jar check "$corpus/$p" --format json --fail-on never "${opt_in[@]}" > "$out/miglint-$p.json"
  jq -r --arg p "$p" '.findings[] | "miglint\t\(.ruleId)\t\($p)"' "$out/miglint-$p.json" >> "$counts"
  (cd "$corpus" && find "$p" -name '*.sql' -print0 | sort -z \
     | xargs -0 "$squawk" --reporter json --pg-version 15 > "$out/squawk-$p.json" 2>/dev/null) || true
  jq -r --arg p "$p" '.[] | "squawk\t\(.rule_name)\t\($p)"' "$out/squawk-$p.json" >> "$counts"
  printf '%s\t%s\t%s\t%s\n' "$p" "$(cd "$corpus" && find "$p" -name '*.sql' | wc -l)" \
    "$(jq -r '[.[] | select(.rule_name == "syntax-error")] | length' "$out/squawk-$p.json")" \
    "$(jq -r '[.[] | select(.rule_name == "syntax-error") | .file] | unique | length' "$out/squawk-$p.json")" \
    >> "$squawk_files"
done

short() { sed -e 's/^LemmyNet__lemmy$/lemmy/' -e 's/^ente-io__ente$/ente/' -e 's/^goharbor__harbor$/harbor/' \
  -e 's/^UPchieve__subway$/subway/' -e 's/^rust-lang__docs.rs$/docs.rs/' -e 's/^atuinsh__atuin$/atuin/' \
  -e 's/^metabrainz__musicbrainz-server$/musicbrainz/' -e 's/^MarquezProject__marquez$/marquez/'; }

header="| rule |"; sep="|---|"
for p in "${projects[@]}"; do header+=" $(echo "$p" | short) |"; sep+="---:|"; done
header+=" total |"; sep+="---:|"

# row TOOL RULE LABEL: one table row with the count per project and the total.
row() {
  awk -F'\t' -v tool="$1" -v rule="$2" -v label="$3" -v projects="${projects[*]}" '
    $1 == tool && $2 == rule { n[$3]++; t++ }
    END { split(projects, ps, " "); line = "| " label " |";
          for (i = 1; i in ps; i++) line = line " " (n[ps[i]] + 0) " |"; print line " " (t + 0) " |" }' "$counts"
}

mapping=src/test/resources/docs/squawk-2.66-rules.tsv
echo "### Findings per rule per project"
echo
echo "$(java -jar target/miglint.jar --version 2>/dev/null | tail -1) with every opt-in rule enabled;" \
  "$("$squawk" --version) with its default rules and \`--pg-version 15\`, on the same files. A squawk rule is listed" \
  "under its miglint counterpart (\`$mapping\`)."
echo
echo "$header"
echo "$sep"
placed=" "
for r in "${rules[@]}"; do
  row miglint "$r" "$r"
  while IFS=$'\t' read -r sq mine _; do
    case "$sq" in '#'*|'') continue ;; esac
    first=${mine%%,*}
    if [ "$first" = "$r" ] && [[ "$placed" != *" $sq "* ]]; then
      row squawk "$sq" "↳ squawk \`$sq\`"
      placed+="$sq "
    fi
  done < "$mapping"
done
echo
echo "squawk rules without a miglint counterpart (the reason is in \`$mapping\`), and any rule squawk reported that the"
echo "mapping does not name:"
echo
echo "$header"
echo "$sep"
{ awk -F'\t' '!/^#/ && $2 == "-" {print $1}' "$mapping"
  awk -F'\t' '$1 == "squawk" {print $2}' "$counts" | sort -u; } | sort -u | while read -r sq; do
  [[ "$placed" == *" $sq "* ]] || row squawk "$sq" "squawk \`$sq\`"
done
echo
echo "### Files squawk could not parse"
echo
echo "squawk reports a syntax error for a file it cannot parse and lints nothing else in that file; miglint keeps an"
echo "unparsed statement as such and lints the rest (its \`syntax-error\` rule reports only certainly invalid SQL)."
echo
echo "| project | .sql files | squawk syntax-error findings | files squawk dropped (no other finding in them) | miglint syntax-error findings |"
echo "|---|---:|---:|---:|---:|"
while IFS=$'\t' read -r p files errors dropped; do
  m=$(awk -F'\t' -v p="$p" '$1 == "miglint" && $2 == "syntax-error" && $3 == p' "$counts" | wc -l)
  echo "| $(echo "$p" | short) | $files | $errors | $dropped | $m |"
done < "$squawk_files"
awk -F'\t' '{f += $2; e += $3; d += $4} END {printf "| total | %d | %d | %d |", f, e, d}' "$squawk_files"
echo " $(awk -F'\t' '$1 == "miglint" && $2 == "syntax-error"' "$counts" | wc -l) |"

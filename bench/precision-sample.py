#!/usr/bin/env python3
"""Blind precision review of miglint's findings on a corpus of real migrations: sample, then tally.

  bench/precision-sample.py sample [--corpus DIR] [--out DIR] [--seed N] [--total N] [--per-rule N]
                                   [--batches N] [--projects a,b,...] [--jar target/miglint.jar]
  bench/precision-sample.py tally  --out DIR

`sample` runs `check --format json --fail-on never` with the default rules (no opt-in rule enabled, as a user
who has not configured anything; with --offline, the projects named there get `--deploy offline`, as a team that
migrates with the application stopped would configure it; with --live-since PROJECT=DATE, that project gets
`--live-since DATE`, the day its database began to serve the application; with --config PROJECT=FILE, that project is
checked with that configuration, what its repository shows of how it runs migrations) on each project folder, then draws a stratified sample with a fixed seed: every
rule that fires gets at least --per-rule findings (all of them when it has fewer), the rest of --total is shared in
proportion to how often each rule fires. It writes one review card per finding into OUT/batch-K.md (what a
reviewer sees: the finding as a user sees it — rule id, severity, message, help — and the SQL around it with line
numbers; never the rule's code) and OUT/key.tsv (card, project, rule, severity, file, line).

Reviewers answer in OUT/verdicts-K.tsv, one line per card: `card<TAB>TRUE|FALSE<TAB>help: OK|WRONG|NONE<TAB>reason`.
TRUE means the finding is worth a reviewer's time on that migration; a help is WRONG when following it would
break or change the migration's meaning.

`tally` joins the verdicts with the key and prints the per-rule table, the precision of warning and error
findings, and a precision weighted by how often each rule fires on the corpus (OUT/counts.tsv).
"""
import argparse
import collections
import csv
import json
import os
import random
import subprocess
import sys

SUPPORTED = ["LemmyNet__lemmy", "MarquezProject__marquez", "UPchieve__subway", "atuinsh__atuin", "ente-io__ente",
             "goharbor__harbor", "metabrainz__musicbrainz-server", "rust-lang__docs.rs"]
CONTEXT = 30


def run_check(jar, folder, offline=False, live_since=None, config=None):
    extra = ["--deploy", "offline"] if offline else []
    if live_since:
        extra += ["--live-since", live_since]
    if config:
        extra += ["--config", config]
    proc = subprocess.run(["java", "-jar", jar, "check", folder, "--format", "json", "--fail-on", "never"] + extra,
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"check {folder} exited {proc.returncode}: {proc.stderr.strip()[:500]}")
    return json.loads(proc.stdout)


def card_text(number, project, f, corpus):
    path = f["file"]
    rel = os.path.relpath(os.path.realpath(path), os.path.realpath(corpus))
    if os.path.isdir(path):  # a finding about a folder (a diesel migration's name): show what it holds
        lines = ["-- folder " + rel + " holds: " + ", ".join(sorted(os.listdir(path)))]
    else:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().split("\n")
    line, end_line = f["line"], f.get("endLine", f["line"])
    lo = 1 if len(lines) <= 2 * CONTEXT + 20 else max(1, line - CONTEXT)
    hi = len(lines) if len(lines) <= 2 * CONTEXT + 20 else min(len(lines), end_line + CONTEXT)
    folder = os.path.dirname(path)
    out = [f"## Card {number}", "",
           f"- file: `{rel}` (project `{project}`; the whole folder is under the corpus at `{os.path.dirname(rel)}`)",
           f"- at: line {line}, column {f['column']} (to line {end_line}, column {f.get('endColumn', '?')})",
           f"- finding: `{f['ruleId']}` ({f['severity']})",
           f"- message: {f['message']}",
           f"- help: {f.get('help') or '(none)'}", ""]
    mig = f.get("migration")
    if mig:
        out.append(f"- migration: version {mig.get('version')}, name {mig.get('name')}, {mig.get('direction')}")
        out.append("")
    out.append(f"Lines {lo}-{hi} of {len(lines)} (`>>` marks the reported lines):")
    out.append("")
    out.append("```sql")
    for i in range(lo, hi + 1):
        mark = ">>" if line <= i <= end_line else "  "
        out.append(f"{mark}{i:5d} | {lines[i - 1]}")
    out.append("```")
    out.append("")
    return "\n".join(out)


def sample(args):
    projects = args.projects.split(",") if args.projects else SUPPORTED
    offline = set(args.offline.split(",")) if args.offline else set()
    live_since = dict(kv.split("=", 1) for kv in args.live_since.split(",")) if args.live_since else {}
    configs = dict(kv.split("=", 1) for kv in args.config.split(",")) if args.config else {}
    os.makedirs(args.out, exist_ok=True)
    findings = []
    counts = collections.Counter()
    for project in projects:
        report = run_check(args.jar, os.path.join(args.corpus, project), project in offline,
                           live_since.get(project), configs.get(project))
        for f in report["findings"]:
            if f.get("suppressed"):
                continue  # the team accepted it in the file (miglint:ignore, safety-assured, atlas:nolint)
            findings.append((project, f))
            counts[(f["ruleId"], f["severity"])] += 1
    with open(os.path.join(args.out, "counts.tsv"), "w") as fh:
        for (rule, severity), n in sorted(counts.items()):
            fh.write(f"{rule}\t{severity}\t{n}\n")
    by_rule = collections.defaultdict(list)
    for project, f in findings:
        by_rule[f["ruleId"]].append((project, f))
    rng = random.Random(args.seed)
    chosen = []
    for rule in sorted(by_rule):
        items = sorted(by_rule[rule], key=lambda pf: (pf[0], pf[1]["file"], pf[1]["line"], pf[1]["column"]))
        rng.shuffle(items)
        by_rule[rule] = items
        chosen.extend(items[:args.per_rule])
    remaining = max(0, args.total - len(chosen))
    rest = sum(max(0, len(v) - args.per_rule) for v in by_rule.values())
    for rule in sorted(by_rule):
        extra = len(by_rule[rule]) - args.per_rule
        if extra > 0 and rest > 0:
            take = min(extra, round(remaining * extra / rest))
            chosen.extend(by_rule[rule][args.per_rule:args.per_rule + take])
    rng.shuffle(chosen)
    batches = [[] for _ in range(args.batches)]
    with open(os.path.join(args.out, "key.tsv"), "w") as key:
        for i, (project, f) in enumerate(chosen, 1):
            batches[(i - 1) % args.batches].append(card_text(i, project, f, args.corpus))
            key.write(f"{i}\t{project}\t{f['ruleId']}\t{f['severity']}\t{f['file']}\t{f['line']}\n")
    for k, cards in enumerate(batches, 1):
        with open(os.path.join(args.out, f"batch-{k}.md"), "w") as fh:
            fh.write(f"# Review batch {k} ({len(cards)} cards)\n\n" + "\n".join(cards))
    print(f"{len(findings)} findings on {len(projects)} projects, {len(by_rule)} rules; sampled {len(chosen)} "
          f"(seed {args.seed}) into {args.batches} batches in {args.out}")


def tally(args):
    key = {}
    with open(os.path.join(args.out, "key.tsv")) as fh:
        for row in csv.reader(fh, delimiter="\t"):
            key[row[0]] = (row[2], row[3])
    verdicts = {}
    for name in sorted(os.listdir(args.out)):
        if name.startswith("verdicts-") and name.endswith(".tsv"):
            with open(os.path.join(args.out, name)) as fh:
                for row in csv.reader(fh, delimiter="\t"):
                    if row and row[0].strip().isdigit():
                        verdicts[row[0].strip()] = (row[1].strip().upper(), row[2].strip() if len(row) > 2 else "")
    # One row per rule and severity: a rule that lowers some findings to info is judged on each level apart, and the
    # targets (no rule below 80 %) are about the warnings and errors.
    counts = collections.Counter()
    with open(os.path.join(args.out, "counts.tsv")) as fh:
        for rule, severity, n in csv.reader(fh, delimiter="\t"):
            counts[(rule, severity)] += int(n)
    per_rule = collections.defaultdict(lambda: [0, 0, 0])
    for card, (rule, severity) in key.items():
        if card not in verdicts:
            continue
        verdict, help_ = verdicts[card]
        r = per_rule[(rule, severity)]
        r[0] += 1
        r[1] += verdict == "TRUE"
        r[2] += "WRONG" in help_.upper()
    missing = [c for c in key if c not in verdicts]
    print("| rule | severity | fired on corpus | judged | true | precision | wrong helps |")
    print("|---|---|---:|---:|---:|---:|---:|")
    wtrue = wall = 0.0
    for (rule, severity) in sorted(per_rule):
        judged, true, wrong = per_rule[(rule, severity)]
        n = counts[(rule, severity)]
        print(f"| {rule} | {severity} | {n} | {judged} | {true} | {100 * true / judged:.0f} % | {wrong} |")
        if severity != "info":
            wtrue += n * true / judged
            wall += n
    judged = [(key[c][1], v[0]) for c, v in verdicts.items() if c in key]
    we = [v for s, v in judged if s in ("warning", "error")]
    print()
    print(f"judged {len(judged)} of {len(key)} cards; all: {sum(v == 'TRUE' for s, v in judged)}/{len(judged)} "
          f"= {100 * sum(v == 'TRUE' for s, v in judged) / max(1, len(judged)):.1f} %; warning+error: "
          f"{sum(v == 'TRUE' for v in we)}/{len(we)} = {100 * sum(v == 'TRUE' for v in we) / max(1, len(we)):.1f} %; "
          f"warning+error weighted by how often each rule fires at that level: {100 * wtrue / max(1, wall):.1f} %; "
          f"wrong helps: {sum(r[2] for r in per_rule.values())}")
    if missing:
        print(f"no verdict for cards: {', '.join(missing[:40])}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--corpus", default="../shared/corpus")
    s.add_argument("--out", default="/tmp/miglint-precision")
    s.add_argument("--seed", type=int, default=20261206)
    s.add_argument("--total", type=int, default=210)
    s.add_argument("--per-rule", type=int, default=3)
    s.add_argument("--batches", type=int, default=3)
    s.add_argument("--projects", default="")
    s.add_argument("--jar", default="target/miglint.jar")
    s.add_argument("--offline", default="",
                   help="projects checked with --deploy offline, as their maintainers deploy (comma-separated)")
    s.add_argument("--live-since", default="",
                   help="PROJECT=DATE pairs: the day each project's database began to serve it (comma-separated)")
    s.add_argument("--config", default="",
                   help="PROJECT=FILE pairs: a .miglint.yaml saying what the project's repository shows of how it "
                        "runs its migrations (comma-separated; bench/precision-configs/)")
    t = sub.add_parser("tally")
    t.add_argument("--out", default="/tmp/miglint-precision")
    args = p.parse_args()
    sample(args) if args.cmd == "sample" else tally(args)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# The seed department's illustrative project targets, payments and
# 项目支出绩效自评表s (示例: the report has none), declared through the CLI
# given as arguments, from the repository's root: what deploy/run-local.sh
# shows, and what bench/run.sh's "a. cached read, with 2 projects" reads.
# The department-year's figures must list the projects already (dataset
# load --projects_file=deploy/demo/taoyuan-psb-2019-project-budgets.json).
# Safe to run again.
#
#   deploy/demo-projects.sh JIXIAO_CLI [FLAG...]
set -euo pipefail
cli=("$@")
key=(--region=430725 --department=taoyuan-psb --year=2019)
# Its performance targets (绩效目标) for the year: an illustrative 申报表 (示例,
# the report has none), declared, submitted and approved by finance (open
# mode: the CLI acts as admin); the evaluation then takes the targets of
# the leaves they name from it. Run again, the approved set is left as it is.
"${cli[@]}" targets import deploy/demo/taoyuan-psb-2019-targets.csv "${key[@]}"
targets_status() {
  "${cli[@]}" targets show "${key[@]}" --format=json |
    sed -n '/"status"/{s/.*"status": "\(TARGET_[A-Z_]*\)".*/\1/p;q}'
}
case "$(targets_status)" in
  TARGET_DRAFT | TARGET_RETURNED)
    "${cli[@]}" targets submit "${key[@]}"
    "${cli[@]}" targets approve "${key[@]}"
    ;;
  TARGET_SUBMITTED) "${cli[@]}" targets approve "${key[@]}" ;;
esac
# The illustrative projects after the year (示例): their payments, August to
# December (none before the July round below, so it reads as without them),
# and their 项目支出绩效自评表s, filed, submitted and approved. Run again,
# the batch is stored once and approved filings are left as they are.
"${cli[@]}" import ledger deploy/demo/taoyuan-psb-2019-project-payments.csv --region=430725
project_status() {  # CODE: its filing's status (DRAFT … APPROVED), or nothing
  "${cli[@]}" projects show "${key[@]}" --project="$1" --format=json 2>/dev/null |
    sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p'
}
case "$(project_status P001) $(project_status P002)" in
  *SUBMITTED* | *APPROVED*) echo "项目自评表：已提交或已审核，保持不变" ;;
  *) "${cli[@]}" projects file deploy/demo/taoyuan-psb-2019-projects.csv "${key[@]}" ;;
esac
for project in P001 P002; do
  case "$(project_status "$project")" in
    DRAFT | RETURNED)
      "${cli[@]}" projects submit "${key[@]}" --project="$project"
      "${cli[@]}" projects approve "${key[@]}" --project="$project"
      ;;
    SUBMITTED) "${cli[@]}" projects approve "${key[@]}" --project="$project" ;;
  esac
done

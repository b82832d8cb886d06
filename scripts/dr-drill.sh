#!/usr/bin/env bash
# Runs a disaster-recovery drill through Opsdeck's API and follows it (seed: "./scripts/dr-drill.sh aws staging full").
#
#   OPSDECK_URL=https://opsdeck.example.com OPSDECK_TOKEN=odk_... scripts/dr-drill.sh <cloud> <env> <type> [options]
#
#   <cloud>  aws | digitalocean   (checked against the environment's cloud provider)
#   <env>    environment name, e.g. staging
#   <type>   full | database-only | validation-only
#
# Options:
#   --backup <YYYY-MM-DD-HHMMSS>  restore this backup instead of the newest
#   --fail-on-breach              exit 4 when the drill took longer than the RTO target
#   --report-dir <dir>            also write the Markdown report there (the seed keeps them in docs/dr-reports/)
#   --quiet                       do not print the run's output, only steps and the result
#
# Exit codes: 0 succeeded; 1 failed or partially failed (a data check or warning); 2 usage or API error (also:
# Opsdeck cannot be reached, the token is refused); 3 the environment is busy (another drill, backup or update is
# running); 4 target breached (--fail-on-breach); 130 interrupted (Ctrl-C: the drill goes on, the script says how to
# follow it); 75 waiting for approval (the environment requires a second admin, docs/approvals.md). Needs bash and curl. The token needs the OPERATOR role. See docs/scripts.md.
set -euo pipefail
# shellcheck source=scripts/lib/opsdeck.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/opsdeck.sh"
opsdeck_init dr-drill.sh "usage: dr-drill.sh <aws|digitalocean> <environment> <full|database-only|validation-only> [--backup TIMESTAMP] [--fail-on-breach] [--report-dir DIR] [--quiet]"

positional=() backup="" fail_on_breach="" report_dir="" quiet=""
while [ $# -gt 0 ]; do
  case "$1" in
    --backup | --report-dir)
      [ $# -ge 2 ] || opsdeck_usage "$1 needs a value"
      if [ "$1" = --backup ]; then backup="$2"; else report_dir="$2"; fi
      shift 2
      continue
      ;;
    --fail-on-breach) fail_on_breach=yes ;;
    --quiet) quiet=yes ;;
    -h | --help) printf '%s\n' "$OPSDECK_USAGE"; exit 0 ;;
    --*) opsdeck_usage "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -eq 3 ] || opsdeck_usage
cloud="${positional[0]}" environment="${positional[1]}" drill_type="${positional[2]}"
opsdeck_check_cloud "$cloud"
case "$drill_type" in
  full | database-only | validation-only) ;;
  *) opsdeck_usage "type must be full, database-only or validation-only, not '$drill_type'" ;;
esac
opsdeck_connect
opsdeck_environment "$cloud" "$environment"

request="{\"environment\":$(opsdeck_json_quote "$environment"),\"type\":\"$drill_type\""
[ -z "$backup" ] || request+=",\"backupTimestamp\":$(opsdeck_json_quote "$backup")"
opsdeck_call POST /api/v1/drills "$request}"
! opsdeck_pending_approval || exit 75
[ "$OPSDECK_STATUS" != 409 ] || opsdeck_fail "$OPSDECK_BODY" 3
[ "$OPSDECK_STATUS" = 202 ] || opsdeck_fail "drill not started ($OPSDECK_STATUS): $OPSDECK_BODY"
drill_id="$(opsdeck_json_string id "$OPSDECK_BODY")"
run_id="$(opsdeck_json_string runId "$OPSDECK_BODY")"
echo "==> DR drill $drill_id ($drill_type) on $environment, backup $(opsdeck_json_string timestamp "$OPSDECK_BODY")"
echo "    $OPSDECK_BASE/drills/$drill_id"

trap 'echo; opsdeck_run_hint "$run_id"; exit 130' INT
opsdeck_follow "$run_id" "$quiet"
trap - INT

# the drill's report is made just after its run ends
status="" compliance="" created=""
for _ in $(seq 1 120); do
  opsdeck_call GET "/api/v1/drills/$drill_id"
  [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "lost the drill: $OPSDECK_BODY"
  status="$(opsdeck_json_string status "$OPSDECK_BODY")"
  compliance="$(opsdeck_json_string compliance "$OPSDECK_BODY")"
  created="$(opsdeck_json_string createdAt "$OPSDECK_BODY")"
  case "$status" in SUCCEEDED | PARTIALLY_FAILED | FAILED) break ;; esac
  sleep 1
done
opsdeck_call GET "/api/v1/drills/$drill_id/summary" "" text/plain
[ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "drill summary: $OPSDECK_BODY"
printf '%s\n' "$OPSDECK_BODY"

if [ -n "$report_dir" ]; then
  opsdeck_call GET "/api/v1/drills/$drill_id/report" "" text/markdown
  [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "report: $OPSDECK_BODY"
  mkdir -p "$report_dir"
  # createdAt 2026-12-04T20:13:05.123Z -> 20261204-201305, the seed's report names
  stamp="${created:0:4}${created:5:2}${created:8:2}-${created:11:2}${created:14:2}${created:17:2}"
  path="$report_dir/dr-report-$environment-$stamp-$drill_type.md"
  printf '%s\n' "$OPSDECK_BODY" >"$path"
  echo "==> report written to $path"
fi
[ "$status" = SUCCEEDED ] || exit 1
if [ -n "$fail_on_breach" ] && [ "$compliance" != PolicyMet ]; then
  exit 4
fi
exit 0

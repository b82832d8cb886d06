#!/usr/bin/env bash
# Runs a security update through Opsdeck's API and follows it (seed: "./scripts/security-update.sh aws production").
#
#   OPSDECK_URL=https://opsdeck.example.com OPSDECK_TOKEN=odk_... scripts/security-update.sh <cloud> <env> [options]
#
#   <cloud>  aws | digitalocean   (checked against the environment's cloud provider)
#   <env>    environment name, e.g. staging
#
# Options:
#   --mode security|full|critical  security: security pocket only (default, monthly); full: every package, kernel
#                                  included (quarterly); critical: only --package names and upgrades fixing --cve ids
#   --package <name>               a package for critical mode (repeatable)
#   --cve <CVE-YYYY-NNNN>          a CVE for critical mode (repeatable)
#   --reboot                       reboot servers that need it (rolling, health-checked)
#   --check                        dry run: nothing is upgraded or rebooted; the pending updates are still recorded
#   --fail-on-noncompliant         exit 4 when a server still has pending security updates afterwards
#   --quiet                        do not print the run's output, only the per-server result
#
# Exit codes: 0 succeeded; 1 the update failed on a server (lock timeout, upgrade or health check failure);
# 2 usage, policy or API error (e.g. production needs an ADMIN token; also: Opsdeck cannot be reached, the token is
# refused); 3 the environment is busy (a drill, backup or update is running); 4 non-compliant afterwards
# (--fail-on-noncompliant); 75 waiting for approval (docs/approvals.md); 130 interrupted (Ctrl-C: the update goes on, the script says how to follow it).
# Needs bash and curl. The token needs the OPERATOR role (ADMIN for production). See docs/scripts.md.
set -euo pipefail
# shellcheck source=scripts/lib/opsdeck.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/opsdeck.sh"
opsdeck_init security-update.sh "usage: security-update.sh <aws|digitalocean> <environment> [--mode security|full|critical] [--package NAME]... [--cve CVE-ID]... [--reboot] [--check] [--fail-on-noncompliant] [--quiet]"

positional=() mode=security packages=() cves=() reboot=false check=false fail_on_noncompliant="" quiet=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mode | --package | --cve)
      [ $# -ge 2 ] || opsdeck_usage "$1 needs a value"
      case "$1" in
        --mode) mode="$2" ;;
        --package) packages+=("$2") ;;
        --cve) cves+=("$2") ;;
      esac
      shift 2
      continue
      ;;
    --reboot) reboot=true ;;
    --check) check=true ;;
    --fail-on-noncompliant) fail_on_noncompliant=yes ;;
    --quiet) quiet=yes ;;
    -h | --help) printf '%s\n' "$OPSDECK_USAGE"; exit 0 ;;
    --*) opsdeck_usage "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -eq 2 ] || opsdeck_usage
cloud="${positional[0]}" environment="${positional[1]}"
opsdeck_check_cloud "$cloud"
case "$mode" in
  security | full | critical) ;;
  *) opsdeck_usage "mode must be security, full or critical, not '$mode'" ;;
esac
opsdeck_connect "OPERATOR (ADMIN for production)"
opsdeck_environment "$cloud" "$environment"
env_path="/api/v1/environments/$(opsdeck_uri_segment "$environment")"

request="{\"mode\":\"$mode\",\"packages\":$(opsdeck_json_array ${packages[@]+"${packages[@]}"}),\"cves\":$(opsdeck_json_array ${cves[@]+"${cves[@]}"}),\"reboot\":$reboot,\"check\":$check}"
opsdeck_call POST "$env_path/security-updates" "$request"
! opsdeck_pending_approval || exit 75
[ "$OPSDECK_STATUS" != 409 ] || opsdeck_fail "$OPSDECK_BODY" 3
[ "$OPSDECK_STATUS" = 201 ] || opsdeck_fail "update not started ($OPSDECK_STATUS): $OPSDECK_BODY"
run_id="$(opsdeck_json_string runId "$OPSDECK_BODY")"
checking=""
[ "$check" = false ] || checking=", check mode"
echo "==> Security update ($mode$checking) on $environment ($OPSDECK_ENV_KIND): run $run_id"
echo "    $OPSDECK_BASE/runs/$run_id"

trap 'echo; opsdeck_run_hint "$run_id"; exit 130' INT
opsdeck_follow "$run_id" "$quiet"
trap - INT
run="$OPSDECK_BODY"

# the run's reports are stored just after it ends
compliance=""
for _ in $(seq 1 30); do
  opsdeck_call GET "$env_path/patch-compliance"
  [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "patch compliance: $OPSDECK_BODY"
  compliance="$OPSDECK_BODY"
  if [ "$OPSDECK_RUN_STATUS" != SUCCEEDED ] || [[ $compliance == *"\"lastRunId\":\"$run_id\""* ]]; then
    break
  fi
  sleep 1
done

message="$(opsdeck_json_string message "$run")"
echo "==> $OPSDECK_RUN_STATUS in $(opsdeck_json_value durationSeconds "$run") s${message:+: $message}"
opsdeck_call GET "$env_path/patch-compliance/summary?run=$run_id" "" text/plain
[ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "patch compliance: $OPSDECK_BODY"
printf '%s\n' "$OPSDECK_BODY"
[ "$OPSDECK_RUN_STATUS" = SUCCEEDED ] || exit 1
if [ -n "$fail_on_noncompliant" ] && [ "$(opsdeck_json_value nonCompliant "$compliance")" != 0 ]; then
  exit 4
fi
exit 0

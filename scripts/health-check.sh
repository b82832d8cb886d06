#!/usr/bin/env bash
# Runs the health check (ansible/playbooks/health-check.yml) through Opsdeck's API and shows its output (seed:
# "./scripts/health-check.sh"): Docker service, container health, disk, memory, load, ports, firewall. The check is
# judged with the environment's thresholds and its result is stored (the Health page; docs/health.md).
#
#   OPSDECK_URL=https://opsdeck.example.com OPSDECK_TOKEN=odk_... scripts/health-check.sh [server] [options]
#
#   [server]  a server's name or address; without it: every server of every environment (one run per environment)
#
# Options:
#   --env <name>     only this environment's servers
#   --report-only    a critical host does not fail the run (the check still reports it)
#
# Exit codes: 0 every host is healthy enough (ok or warning); otherwise the exit code of the first run that failed
# (ansible-playbook's: 2 a host failed, i.e. is critical, 4 a host was unreachable), or 1 when a run failed without
# one; 2 also for usage or API errors (Opsdeck cannot be reached, the token is refused; the message says which);
# 130 interrupted (Ctrl-C: the run goes on, the script says how to follow it). Needs bash and curl. The token needs
# the OPERATOR role. See docs/scripts.md.
set -euo pipefail
# shellcheck source=scripts/lib/opsdeck.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/opsdeck.sh"
opsdeck_init health-check.sh "usage: health-check.sh [server] [--env NAME] [--report-only]"

positional=() only_env="" fail_on_critical=true
while [ $# -gt 0 ]; do
  case "$1" in
    --env)
      [ $# -ge 2 ] || opsdeck_usage "$1 needs a value"
      only_env="$2"
      shift 2
      continue
      ;;
    --report-only) fail_on_critical=false ;;
    -h | --help) printf '%s\n' "$OPSDECK_USAGE"; exit 0 ;;
    --*) opsdeck_usage "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -le 1 ] || opsdeck_usage
opsdeck_connect

# environment name -> server name and id ("" for all its servers)
environments=() limits=() server_ids=()
if [ ${#positional[@]} -eq 1 ]; then
  opsdeck_find_server "${positional[0]}" "$only_env" ||
    opsdeck_fail "no server is named or has the address '${positional[0]}'${only_env:+ in $only_env}"
  environments=("$OPSDECK_SERVER_ENV") limits=("$OPSDECK_SERVER_NAME") server_ids=("$OPSDECK_SERVER_ID")
elif [ -n "$only_env" ]; then
  opsdeck_call GET "/api/v1/environments/$(opsdeck_uri_segment "$only_env")"
  [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "environment '$only_env': $OPSDECK_BODY"
  environments=("$only_env") limits=("") server_ids=("")
else
  page=0
  item='"name":"([^"\\]*)","kind":"[^"]*","cloudProvider":"[^"]*","region":(null|"[^"]*"),"description":(null|"([^"\\]|\\.)*"),"serverCount":([0-9]+)'
  while :; do
    opsdeck_call GET "/api/v1/environments?page=$page&size=100"
    [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "listing environments: $OPSDECK_BODY"
    rest="$OPSDECK_BODY"
    while [[ $rest =~ $item ]]; do
      if [ "${BASH_REMATCH[5]}" != 0 ]; then
        environments+=("${BASH_REMATCH[1]}") limits+=("") server_ids+=("")
      fi
      rest="${rest#*"${BASH_REMATCH[0]}"}"
    done
    page=$((page + 1))
    [ "$page" -lt "$(opsdeck_json_value totalPages "$OPSDECK_BODY")" ] || break
  done
  [ ${#environments[@]} -gt 0 ] || { echo "==> no servers to check"; exit 0; }
fi

exit_code=0 results=()
for i in "${!environments[@]}"; do
  env="${environments[$i]}" limit="${limits[$i]}" server_id="${server_ids[$i]}"
  # the health endpoints pass the environment's thresholds to the playbook and store the result (docs/health.md)
  if [ -n "$server_id" ]; then
    path="/api/v1/servers/$(opsdeck_uri_segment "$server_id")/health-check"
  else
    path="/api/v1/environments/$(opsdeck_uri_segment "$env")/health-check"
  fi
  opsdeck_call POST "$path" "{\"failOnCritical\":$fail_on_critical}"
  if [ "$OPSDECK_STATUS" = 403 ] && [ ${#environments[@]} -gt 1 ]; then
    # checking every environment: one the token may not run on (e.g. the demo's local connection, admin-only) is
    # reported and skipped, the others are still checked
    echo "==> Skipped $env: not allowed for this token (403): $(opsdeck_json_string detail "$OPSDECK_BODY")" >&2
    results+=("$(printf '    %-24s %-11s' "$env" SKIPPED)")
    continue
  fi
  [ "$OPSDECK_STATUS" = 202 ] || opsdeck_fail "health check of $env not started ($OPSDECK_STATUS): $OPSDECK_BODY"
  run_id="$(opsdeck_json_string runId "$OPSDECK_BODY")"
  echo "==> Health check of ${limit:-every server} in $env: run $run_id"
  echo "    $OPSDECK_BASE/runs/$run_id"
  trap 'echo; opsdeck_run_hint "$run_id"; exit 130' INT
  opsdeck_follow "$run_id"
  trap - INT
  code="$OPSDECK_RUN_EXIT_CODE"
  if [ "$OPSDECK_RUN_STATUS" != SUCCEEDED ] && { [ -z "$code" ] || [ "$code" = null ] || [ "$code" = 0 ]; }; then
    code=1
  fi
  [ "$code" != null ] && [ -n "$code" ] || code=0
  results+=("$(printf '    %-24s %-11s exit %s' "$env" "$OPSDECK_RUN_STATUS" "$code")")
  [ "$exit_code" != 0 ] || exit_code="$code"
done
if [ ${#results[@]} -gt 1 ]; then
  echo "==> Health checks:"
  printf '%s\n' "${results[@]}"
fi
exit "$exit_code"

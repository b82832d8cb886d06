#!/usr/bin/env bash
# Shows a container's log from a server's journal through Opsdeck's API (seed: "./scripts/view-logs.sh django 100"
# and, to follow it, "./scripts/view-logs.sh django 100 true"). Containers log to journald through Docker's journald
# driver; Opsdeck runs a fixed journalctl command on the server over SSH.
#
#   OPSDECK_URL=... OPSDECK_TOKEN=... OPSDECK_SERVER=web-1 scripts/view-logs.sh <container> [lines] [follow]
#
#   <container>  container or compose service name, e.g. django, postgres, redis, caddy, celeryworker
#   [lines]      newest lines to show, 1 to 10000 (default 100)
#   [follow]     true: keep showing new lines until Ctrl-C (which stops the run on the server); default false
#
# Options:
#   --server <name or address>   the server (the seed ran the script on the server itself); default $OPSDECK_SERVER
#
# Exit codes: journalctl's exit code on the server (0 shown); 1 the run failed without one (server unreachable,
# timed out); 2 usage or API error (also: Opsdeck cannot be reached, the token is refused, no such server);
# 130 interrupted (Ctrl-C; with follow the run is cancelled). Needs bash and curl. The token needs the OPERATOR role.
# See docs/scripts.md.
set -euo pipefail
# shellcheck source=scripts/lib/opsdeck.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/opsdeck.sh"
opsdeck_init view-logs.sh "usage: view-logs.sh <container> [lines] [follow] [--server NAME]   (or OPSDECK_SERVER=NAME)"

positional=() server="${OPSDECK_SERVER:-}" follow_flag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --server)
      [ $# -ge 2 ] || opsdeck_usage "$1 needs a value"
      server="$2"
      shift 2
      continue
      ;;
    -h | --help) printf '%s\n' "$OPSDECK_USAGE"; exit 0 ;;
    -f | --follow) follow_flag=true ;;
    --*) opsdeck_usage "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -ge 1 ] && [ ${#positional[@]} -le 3 ] || opsdeck_usage
container="${positional[0]}" lines="${positional[1]:-100}" follow="${positional[2]:-false}"
[ -z "${follow_flag:-}" ] || follow=true
[[ $container =~ ^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$ ]] ||
  opsdeck_usage "container must be a container or compose service name (letters, digits, '_', '.', '-'), not '$container'"
if ! [[ $lines =~ ^[0-9]{1,5}$ ]] || [ $((10#$lines)) -lt 1 ] || [ $((10#$lines)) -gt 10000 ]; then
  opsdeck_usage "lines must be a number from 1 to 10000, not '$lines'"
fi
case "$follow" in
  true | yes | 1 | -f | --follow) follow=true ;;
  false | no | 0) follow=false ;;
  *) opsdeck_usage "follow must be true or false, not '$follow'" ;;
esac
[ -n "$server" ] || opsdeck_usage "which server? give --server NAME or set OPSDECK_SERVER (the seed ran this on the server itself)"
opsdeck_connect
opsdeck_find_server "$server" || opsdeck_fail "no server is named or has the address '$server'"

opsdeck_call POST "/api/v1/servers/$OPSDECK_SERVER_ID/logs" \
  "{\"container\":\"$container\",\"lines\":$((10#$lines)),\"follow\":$follow}"
[ "$OPSDECK_STATUS" = 202 ] || opsdeck_fail "logs not started ($OPSDECK_STATUS): $OPSDECK_BODY"
run_id="$(opsdeck_json_string id "$OPSDECK_BODY")"
what="last $((10#$lines)) lines"
[ "$follow" = false ] || what+=", following (Ctrl-C stops)"
echo "==> $container on $OPSDECK_SERVER_NAME ($OPSDECK_SERVER_ENV), $what: run $run_id" >&2

if [ "$follow" = true ]; then
  trap 'opsdeck_call POST "/api/v1/runs/$run_id/cancel"; echo >&2; echo "==> stopped (run $run_id cancelled)" >&2; exit 130' INT TERM
else
  trap 'echo; opsdeck_run_hint "$run_id"; exit 130' INT
fi
opsdeck_follow "$run_id"
trap - INT TERM
code="$OPSDECK_RUN_EXIT_CODE"
if [ "$OPSDECK_RUN_STATUS" = SUCCEEDED ]; then
  exit 0
fi
if [ -n "$code" ] && [ "$code" != null ] && [ "$code" != 0 ]; then
  exit "$code"
fi
echo "view-logs.sh: the run ended $OPSDECK_RUN_STATUS$(m="$(opsdeck_json_string message "$OPSDECK_BODY")"; [ -z "$m" ] || echo ": $m")" >&2
exit 1

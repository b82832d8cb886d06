#!/usr/bin/env bash
# Shows a container's log from a server's journal through Opsdeck's API (seed: "./scripts/view-logs.sh django 100"
# and, to follow it, "./scripts/view-logs.sh django 100 true"). Containers log to journald through Docker's journald
# driver; Opsdeck runs a fixed journalctl command on the server over SSH and streams its output
# (GET /api/v1/servers/{id}/logs; a read, not a run).
#
#   OPSDECK_URL=... OPSDECK_TOKEN=... OPSDECK_SERVER=web-1 scripts/view-logs.sh <container> [lines] [follow]
#
#   <container>  container or compose service name, e.g. django, postgres, redis, caddy, celeryworker
#   [lines]      newest lines to show, 1 to 10000 (default 100)
#   [follow]     true: keep showing new lines until Ctrl-C (which stops journalctl on the server); default false
#
# Options:
#   --server <name or address>   the server (the seed ran the script on the server itself); default $OPSDECK_SERVER
#
# Exit codes: 0 shown; journalctl's exit code when it failed on the server; 1 the server could not be read
# (unreachable, host key refused); 2 usage or API error (also: Opsdeck cannot be reached, the token is refused, no
# such server); 130 interrupted (Ctrl-C; with follow journalctl is stopped on the server). Needs bash and curl. The
# token needs the OPERATOR role. See docs/scripts.md.
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

path="/api/v1/servers/$OPSDECK_SERVER_ID/logs?container=$container&lines=$((10#$lines))"
what="last $((10#$lines)) lines"
[ "$follow" = false ] || what+=", following (Ctrl-C stops)"
echo "==> $container on $OPSDECK_SERVER_NAME ($OPSDECK_SERVER_ENV), $what" >&2

# A log that could not be read: journalctl's own exit code when it failed on the server, else 1 (502) or 2.
failed() {
  local status="$1" body="$2" code
  echo "view-logs.sh: log not shown ($status): $body" >&2
  if [ "$status" = 502 ]; then
    code="$(printf '%s' "$body" | { read -r line || true; [[ $line =~ exited\ with\ status\ ([0-9]+) ]] && echo "${BASH_REMATCH[1]}"; })" || true
    exit "${code:-1}"
  fi
  exit 2
}

if [ "$follow" = false ]; then
  trap 'echo >&2; exit 130' INT
  opsdeck_call GET "$path" "" "text/plain"
  [ "$OPSDECK_STATUS" = 200 ] || failed "$OPSDECK_STATUS" "$OPSDECK_BODY"
  [ -z "$OPSDECK_BODY" ] || printf '%s\n' "$OPSDECK_BODY"
  exit 0
fi

# Following: the response stays open; empty lines are Opsdeck's keep-alive. Ctrl-C ends curl, and Opsdeck then
# stops journalctl on the server. An error answer is one problem+json line (a short-iso log line never starts with
# '{'); its status comes from the response headers.
headers="$(mktemp)"
trap 'rm -f "$headers"; echo >&2; echo "==> stopped" >&2; exit 130' INT TERM
first=true problem=""
while IFS= read -r line || [ -n "$line" ]; do
  if [ "$first" = true ] && [[ $line == '{'*'"status":'* ]]; then
    problem="$line"
  elif [ -n "$problem" ]; then
    problem+="$line"
  elif [ -n "$line" ]; then
    printf '%s\n' "$line"
  fi
  first=false
done < <(_opsdeck_auth_config | curl -sS -N -D "$headers" -K - -H "Accept: text/plain" \
  --connect-timeout "$OPSDECK_CONNECT_TIMEOUT" "$OPSDECK_BASE$path&follow=true" 2>/dev/null || true)
status=""
if IFS= read -r status_line < "$headers" && [[ $status_line =~ ^HTTP/[0-9.]+\ ([0-9]+) ]]; then
  status="${BASH_REMATCH[1]}"
fi
rm -f "$headers"
trap - INT TERM
[ -n "$status" ] || opsdeck_fail "cannot reach Opsdeck at $OPSDECK_BASE"
[ "$status" = 200 ] || failed "$status" "$(_opsdeck_problem "$problem")"
echo "==> the follow ended" >&2

# shellcheck shell=bash
# Opsdeck's REST API for the seed's command-line scripts; source it, do not run it. Needs only bash (4+) and curl.
#
#   opsdeck_init NAME USAGE            the script's name for messages and its usage line
#   opsdeck_usage [MESSAGE]            MESSAGE and the usage on stderr, exit 2
#   opsdeck_fail MESSAGE [CODE]        "NAME: MESSAGE" on stderr, exit CODE (default 2)
#   opsdeck_connect [ROLE]             reads OPSDECK_URL and OPSDECK_TOKEN, checks the server answers and takes the
#                                      token (GET /api/v1/me); clear message and exit 2 otherwise
#   opsdeck_call METHOD PATH [BODY] [ACCEPT]
#                                      one API call; sets OPSDECK_STATUS (HTTP status) and OPSDECK_BODY (the body;
#                                      for an error, the problem detail's text with each field error on its line)
#   opsdeck_json_string FIELD JSON     the first "FIELD":"text" in JSON, unescaped (empty when absent)
#   opsdeck_json_value FIELD JSON      the first "FIELD":number|true|false|null in JSON (empty when absent)
#   opsdeck_follow RUN_ID [quiet]      prints the run's output as it comes (GET /api/v1/runs/ID/log?follow=true;
#                                      OPSDECK-EVENT lines left out), then sets OPSDECK_RUN_STATUS and
#                                      OPSDECK_RUN_EXIT_CODE from GET /api/v1/runs/ID
#   opsdeck_uri_segment TEXT           TEXT as one URL path segment (percent-encoded)
#   opsdeck_json_quote TEXT            TEXT as a JSON string; opsdeck_json_array ITEM...: a JSON array of strings
#   opsdeck_environment CLOUD NAME     fails unless the environment exists and runs on CLOUD; sets OPSDECK_ENV_KIND
#   opsdeck_find_server NAME|ADDRESS [ENV]
#                                      sets OPSDECK_SERVER_ID/_NAME/_ENV of the server with that name (or else that
#                                      address); fails when there is none
#
# The token never appears on a command line (ps): curl reads the Authorization header from its standard input.
# JSON is read with bash patterns only for simple known fields (ids, statuses, numbers); where a script shows more,
# the API has a plain-text summary for it.

OPSDECK_SCRIPT=${OPSDECK_SCRIPT:-opsdeck}
OPSDECK_USAGE=""
OPSDECK_BASE=""
OPSDECK_STATUS=""
OPSDECK_BODY=""
OPSDECK_RUN_STATUS=""
OPSDECK_RUN_EXIT_CODE=""
OPSDECK_CONNECT_TIMEOUT=${OPSDECK_CONNECT_TIMEOUT:-10}

opsdeck_init() {
  OPSDECK_SCRIPT="$1"
  OPSDECK_USAGE="$2"
}

opsdeck_fail() {
  printf '%s: %s\n' "$OPSDECK_SCRIPT" "$1" >&2
  exit "${2:-2}"
}

opsdeck_usage() {
  if [ -n "${1:-}" ]; then
    printf '%s: %s\n' "$OPSDECK_SCRIPT" "$1" >&2
  fi
  printf '%s\n' "$OPSDECK_USAGE" >&2
  exit 2
}

# Fails unless $1 is one of the seed's clouds.
opsdeck_check_cloud() {
  case "$1" in
    aws | digitalocean) ;;
    *) opsdeck_usage "cloud must be aws or digitalocean, not '$1'" ;;
  esac
}

opsdeck_connect() {
  local role="${1:-OPERATOR}"
  command -v curl >/dev/null 2>&1 || opsdeck_fail "curl is required (apt-get install curl)"
  OPSDECK_BASE="${OPSDECK_URL:-}"
  OPSDECK_BASE="${OPSDECK_BASE%/}"
  if [ -z "$OPSDECK_BASE" ] || [ -z "${OPSDECK_TOKEN:-}" ]; then
    opsdeck_fail "set OPSDECK_URL (e.g. http://localhost:8080) and OPSDECK_TOKEN (an API token with the $role role)"
  fi
  case "${OPSDECK_TOKEN}${OPSDECK_BASE}" in
    *$'\n'* | *$'\r'*) opsdeck_fail "OPSDECK_URL and OPSDECK_TOKEN must be one line each (a line break was found)" ;;
  esac
  case "$OPSDECK_BASE" in
    http://* | https://*) ;;
    *) opsdeck_fail "OPSDECK_URL must start with http:// or https://, not '$OPSDECK_BASE'" ;;
  esac
  opsdeck_call GET /api/v1/me
  case "$OPSDECK_STATUS" in
    200)
      [[ $OPSDECK_BODY == *'"role"'* ]] || opsdeck_fail "$OPSDECK_BASE answered, but it does not look like Opsdeck (GET /api/v1/me)"
      ;;
    401) opsdeck_fail "$OPSDECK_BASE refused the token (401): OPSDECK_TOKEN is wrong, expired or revoked; make one under API tokens" ;;
    403) opsdeck_fail "$OPSDECK_BASE refused the token (403): $OPSDECK_BODY" ;;
    *) opsdeck_fail "$OPSDECK_BASE answered $OPSDECK_STATUS to GET /api/v1/me: $OPSDECK_BODY" ;;
  esac
}

# The curl config lines that carry the token; read by curl from its standard input (-K -), never from argv.
_opsdeck_auth_config() {
  local token="${OPSDECK_TOKEN//\\/\\\\}"
  token="${token//\"/\\\"}"
  printf 'header = "Authorization: Bearer %s"\n' "$token"
}

opsdeck_call() {
  local method="$1" path="$2" body="${3:-}" accept="${4:-application/json}" out err code
  out="$(mktemp)" err="$(mktemp)"
  local args=(-sS -o "$out" -w '%{http_code}' -X "$method" -K - -H "Accept: $accept"
    --connect-timeout "$OPSDECK_CONNECT_TIMEOUT")
  if [ -n "$body" ]; then
    args+=(-H 'Content-Type: application/json' --data-binary "$body")
  fi
  code="$(_opsdeck_auth_config | curl "${args[@]}" "$OPSDECK_BASE$path" 2>"$err")" || true
  OPSDECK_STATUS="$code"
  OPSDECK_BODY="$(cat "$out")"
  if [ -z "$code" ] || [ "$code" = "000" ]; then
    local reason
    reason="$(cat "$err")"
    rm -f "$out" "$err"
    opsdeck_fail "cannot reach Opsdeck at $OPSDECK_BASE: ${reason#curl: }"
  fi
  rm -f "$out" "$err"
  if [ "$code" -ge 400 ]; then
    OPSDECK_BODY="$(_opsdeck_problem "$OPSDECK_BODY")"
  fi
}

# An RFC 9457 problem detail as text: detail (or title), then "  field: message" per field error.
_opsdeck_problem() {
  local json="$1" text rest
  text="$(opsdeck_json_string detail "$json")"
  [ -n "$text" ] || text="$(opsdeck_json_string title "$json")"
  [ -n "$text" ] || text="$json"
  # errors: [{"field":…,"message":…}, …], the two keys in either order
  [[ $json == *'"errors":['* ]] || { printf '%s' "$text"; return; }
  rest="${json#*\"errors\":[}"
  local re='^[^{]*(\{[^{}]*\})' error
  while [[ $rest =~ $re ]]; do
    error="${BASH_REMATCH[1]}"
    text+=$'\n'"  $(opsdeck_json_string field "$error"): $(opsdeck_json_string message "$error")"
    rest="${rest#*"$error"}"
  done
  printf '%s' "$text"
}

_opsdeck_unescape() {
  local s="$1"
  s="${s//\\\"/\"}"
  s="${s//\\\//\/}"
  s="${s//\\n/$'\n'}"
  s="${s//\\t/$'\t'}"
  s="${s//\\\\/\\}"
  printf '%s' "$s"
}

opsdeck_json_string() {
  local re="\"$1\":\"(([^\"\\\\]|\\\\.)*)\""
  if [[ $2 =~ $re ]]; then
    _opsdeck_unescape "${BASH_REMATCH[1]}"
  fi
}

opsdeck_json_value() {
  local re="\"$1\":(-?[0-9][0-9.eE+-]*|true|false|null)"
  if [[ $2 =~ $re ]]; then
    printf '%s' "${BASH_REMATCH[1]}"
  fi
}

# TEXT as a JSON string, quotes included.
opsdeck_json_quote() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="${s//$'\n'/\\n}"
  s="${s//$'\r'/\\r}"
  s="${s//$'\t'/\\t}"
  printf '"%s"' "$s"
}

# A JSON array of strings from the arguments.
opsdeck_json_array() {
  local out="" item
  for item in "$@"; do
    out+="${out:+,}$(opsdeck_json_quote "$item")"
  done
  printf '[%s]' "$out"
}

opsdeck_uri_segment() {
  local LC_ALL=C
  local text="$1" out="" c i
  for ((i = 0; i < ${#text}; i++)); do
    c="${text:i:1}"
    case "$c" in
      [a-zA-Z0-9._~-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# After a launch: when Opsdeck answered 202 with an approval request (an environment that requires approvals,
# docs/approvals.md), says where a second admin approves it and returns 0; otherwise returns 1.
opsdeck_pending_approval() {
  [ "$OPSDECK_STATUS" = 202 ] && [[ $OPSDECK_BODY == *'"approvalId"'* ]] || return 1
  local id
  id="$(opsdeck_json_string approvalId "$OPSDECK_BODY")"
  echo "==> Waiting for approval: $(opsdeck_json_string summary "$OPSDECK_BODY")"
  echo "    a second ADMIN of the environment approves it at $OPSDECK_BASE/approvals?requested=$id"
  echo "    status: curl -s -H \"Authorization: Bearer \$OPSDECK_TOKEN\" $OPSDECK_BASE/api/v1/approvals/$id"
  return 0
}

# Prints how to follow or cancel a run that goes on without this script.
opsdeck_run_hint() {
  local run="$1"
  printf '%s: the run goes on: %s/runs/%s\n' "$OPSDECK_SCRIPT" "$OPSDECK_BASE" "$run" >&2
  printf '  follow it: curl -sN -H "Authorization: Bearer $OPSDECK_TOKEN" %s/api/v1/runs/%s/log?follow=true\n' \
    "$OPSDECK_BASE" "$run" >&2
  printf '  cancel it: curl -s -X POST -H "Authorization: Bearer $OPSDECK_TOKEN" %s/api/v1/runs/%s/cancel\n' \
    "$OPSDECK_BASE" "$run" >&2
}

opsdeck_follow() {
  local run="$1" quiet="${2:-}" code
  if [ -n "$quiet" ]; then
    _opsdeck_auth_config | curl -sS -N -o /dev/null -w '%{http_code}' -K - \
      "$OPSDECK_BASE/api/v1/runs/$run/log?follow=true" >/dev/null 2>&1 || true
  else
    _opsdeck_auth_config | curl -sS -N --fail -K - "$OPSDECK_BASE/api/v1/runs/$run/log?follow=true" 2>/dev/null |
      while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
          OPSDECK-EVENT\ *) ;;
          *) printf '%s\n' "$line" ;;
        esac
      done || true
  fi
  opsdeck_call GET "/api/v1/runs/$run"
  [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "lost the run $run ($OPSDECK_STATUS): $OPSDECK_BODY"
  OPSDECK_RUN_STATUS="$(opsdeck_json_string status "$OPSDECK_BODY")"
  OPSDECK_RUN_EXIT_CODE="$(opsdeck_json_value exitCode "$OPSDECK_BODY")"
  case "$OPSDECK_RUN_STATUS" in
    QUEUED | RUNNING)
      printf '%s: the connection to Opsdeck ended before the run did\n' "$OPSDECK_SCRIPT" >&2
      opsdeck_run_hint "$run"
      exit 2
      ;;
  esac
}

OPSDECK_ENV_KIND=""

opsdeck_environment() {
  local cloud="$1" name="$2" provider
  opsdeck_call GET "/api/v1/environments/$(opsdeck_uri_segment "$name")"
  [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "environment '$name': $OPSDECK_BODY"
  provider="$(opsdeck_json_string cloudProvider "$OPSDECK_BODY")"
  OPSDECK_ENV_KIND="$(opsdeck_json_string kind "$OPSDECK_BODY")"
  [ "$provider" = "$cloud" ] || opsdeck_fail "environment '$name' runs on $provider, not $cloud"
}

OPSDECK_SERVER_ID=""
OPSDECK_SERVER_NAME=""
OPSDECK_SERVER_ENV=""

opsdeck_find_server() {
  local wanted="$1" env="${2:-}" filter query
  for filter in name host; do
    query="$filter=$(opsdeck_uri_segment "$wanted")"
    [ -z "$env" ] || query+="&environment=$(opsdeck_uri_segment "$env")"
    opsdeck_call GET "/api/v1/servers?$query"
    [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "finding server '$wanted': $OPSDECK_BODY"
    case "$(opsdeck_json_value totalItems "$OPSDECK_BODY")" in
      0) continue ;;
      1) ;;
      *) opsdeck_fail "several servers have the address '$wanted'; name one of them instead" ;;
    esac
    OPSDECK_SERVER_ID="$(opsdeck_json_string id "$OPSDECK_BODY")"
    OPSDECK_SERVER_NAME="$(opsdeck_json_string name "$OPSDECK_BODY")"
    OPSDECK_SERVER_ENV="$(opsdeck_json_string environment "$OPSDECK_BODY")"
    return 0
  done
  return 1
}

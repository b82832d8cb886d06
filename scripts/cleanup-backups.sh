#!/usr/bin/env bash
# Deletes backups older than a number of days through Opsdeck's API (seed: "./scripts/cleanup-backups.sh aws 30").
#
#   OPSDECK_URL=https://opsdeck.example.com OPSDECK_TOKEN=odk_... scripts/cleanup-backups.sh <cloud> <days> [options]
#
#   <cloud>  aws | digitalocean   without --env: every environment on this cloud that has backup storage
#   <days>   retention in days, 1 to 3650 (the seed uses 30)
#
# Options:
#   --env <name>   only this environment (checked against <cloud>)
#   --keep <n>     always keep the newest n backups, and the newest n verified ones (default 3, 1 to 1000)
#   --dry-run      list what would be deleted, delete nothing
#
# Exit codes: 0 done (or nothing to do); 1 the storage refused to delete some backups, or (without --env) the
# cleanup of some environment failed while the others went on; 2 usage or API error (also: Opsdeck cannot be
# reached, the token is refused); 3 not allowed (production deletes need an ADMIN token); 75 waiting for approval (docs/approvals.md). Needs bash and curl. The
# token needs the OPERATOR role (ADMIN for production environments unless --dry-run). See docs/scripts.md.
set -euo pipefail
# shellcheck source=scripts/lib/opsdeck.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/opsdeck.sh"
opsdeck_init cleanup-backups.sh "usage: cleanup-backups.sh <aws|digitalocean> <days> [--env NAME] [--keep N] [--dry-run]"

positional=() only_env="" keep=3 dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --env | --keep)
      [ $# -ge 2 ] || opsdeck_usage "$1 needs a value"
      if [ "$1" = --env ]; then
        only_env="$2"
      else
        [[ $2 =~ ^[0-9]{1,9}$ ]] || opsdeck_usage "--keep needs a number, not '$2'"
        keep=$((10#$2))
      fi
      shift 2
      continue
      ;;
    --dry-run) dry_run=true ;;
    -h | --help) printf '%s\n' "$OPSDECK_USAGE"; exit 0 ;;
    --*) opsdeck_usage "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -eq 2 ] || opsdeck_usage
cloud="${positional[0]}" days="${positional[1]}"
opsdeck_check_cloud "$cloud"
if ! [[ $days =~ ^[0-9]{1,9}$ ]] || [ $((10#$days)) -lt 1 ] || [ $((10#$days)) -gt 3650 ]; then
  opsdeck_usage "days must be a number from 1 to 3650, not '$days'"
fi
days=$((10#$days))
[ "$keep" -ge 1 ] && [ "$keep" -le 1000 ] || opsdeck_usage "--keep must be from 1 to 1000"
opsdeck_connect

# bytes as the backups page shows them: 512 B, 1.5 KiB, 61.4 MiB
size() {
  local n="$1" unit=B tenths
  [ "$n" -ge 1024 ] || { echo "$n B"; return; }
  for unit in KiB MiB GiB TiB; do
    tenths=$(((n * 10 + 512) / 1024))
    if [ "$tenths" -lt 10240 ] || [ "$unit" = TiB ]; then
      echo "$((tenths / 10)).$((tenths % 10)) $unit"
      return
    fi
    n=$((n / 1024))
  done
}

targets=() explicit=""
if [ -n "$only_env" ]; then
  opsdeck_environment "$cloud" "$only_env"
  targets=("$only_env") explicit=yes
else
  page=0
  item='"name":"([^"\\]*)","kind":"[^"\\]*","cloudProvider":"([^"\\]*)"'
  while :; do
    opsdeck_call GET "/api/v1/environments?page=$page&size=100"
    [ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "listing environments: $OPSDECK_BODY"
    rest="$OPSDECK_BODY"
    while [[ $rest =~ $item ]]; do
      [ "${BASH_REMATCH[2]}" != "$cloud" ] || targets+=("${BASH_REMATCH[1]}")
      rest="${rest#*"${BASH_REMATCH[0]}"}"
    done
    page=$((page + 1))
    [ "$page" -lt "$(opsdeck_json_value totalPages "$OPSDECK_BODY")" ] || break
  done
  [ ${#targets[@]} -gt 0 ] || echo "==> no environment runs on $cloud"
fi

exit_code=0
deleted_re='\{"timestamp":"([0-9-]+)","takenAt":"[^"]*","ageSeconds":([0-9]+),"sizeBytes":([0-9]+),"objects":[0-9]+,"verified":(true|false)\}'
failed_re='\{"timestamp":"([0-9-]+)","reason":"(([^"\\]|\\.)*)"\}'
for name in ${targets[@]+"${targets[@]}"}; do
  opsdeck_call POST "/api/v1/environments/$(opsdeck_uri_segment "$name")/backups/cleanup" \
    "{\"retentionDays\":$days,\"keepNewest\":$keep,\"dryRun\":$dry_run}"
  if [ "$OPSDECK_STATUS" = 409 ] && [ -z "$explicit" ]; then
    echo "==> $name: no backup storage configured, skipped"
    continue
  fi
  if opsdeck_pending_approval; then
    [ "$exit_code" -ge 75 ] || exit_code=75
    continue
  fi
  if [ "$OPSDECK_STATUS" = 403 ]; then
    echo "cleanup-backups.sh: $name: $OPSDECK_BODY" >&2
    [ "$exit_code" -ge 3 ] || exit_code=3
    continue
  fi
  if [ "$OPSDECK_STATUS" != 200 ]; then
    [ -z "$explicit" ] || opsdeck_fail "$name: cleanup failed ($OPSDECK_STATUS): $OPSDECK_BODY"
    echo "cleanup-backups.sh: $name: cleanup failed ($OPSDECK_STATUS): $OPSDECK_BODY" >&2
    [ "$exit_code" -ge 1 ] || exit_code=1
    continue
  fi
  result="$OPSDECK_BODY"
  verb=deleted
  [ "$(opsdeck_json_value dryRun "$result")" != true ] || verb="would delete"
  rows=() rest="$result"
  while [[ $rest =~ $deleted_re ]]; do
    age=$(((BASH_REMATCH[2] * 10 + 43200) / 86400))
    verified="not verified"
    [ "${BASH_REMATCH[4]}" != true ] || verified=verified
    rows+=("$(printf '    %s  %7s d  %10s  %s' "${BASH_REMATCH[1]}" "$((age / 10)).$((age % 10))" \
      "$(size "${BASH_REMATCH[3]}")" "$verified")")
    rest="${rest#*"${BASH_REMATCH[0]}"}"
  done
  echo "==> $name: $verb ${#rows[@]} backups older than $days days ($(size "$(opsdeck_json_value deletedBytes "$result")")), kept $(opsdeck_json_value keptCount "$result")"
  for row in ${rows[@]+"${rows[@]}"}; do
    printf '%s\n' "$row"
  done
  rest="${result#*\"failed\":}"
  while [[ $rest =~ $failed_re ]]; do
    echo "    FAILED ${BASH_REMATCH[1]}: $(_opsdeck_unescape "${BASH_REMATCH[2]}")" >&2
    [ "$exit_code" -ge 1 ] || exit_code=1
    rest="${rest#*"${BASH_REMATCH[0]}"}"
  done
done
exit "$exit_code"

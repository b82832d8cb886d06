#!/usr/bin/env bash
# Provisions a server through Opsdeck's API and follows the run (seed: "./scripts/provision-server.sh aws production
# 192.168.1.100"): ansible/playbooks/provision.yml on that one server, with the environment's settings and secrets.
#
#   OPSDECK_URL=https://opsdeck.example.com OPSDECK_TOKEN=odk_... scripts/provision-server.sh <cloud> <env> <ip>
#
#   <cloud>  aws | digitalocean   (checked against the environment's cloud provider)
#   <env>    environment name: development, staging, production or any other of yours
#   <ip>     the server's address as Opsdeck knows it (add the server first)
#
# Options:
#   --tags <a,b>   only these parts: common, security, docker, ssl, monitoring, failover, django (default: all)
#   --check        dry run (ansible --check): shows what would change, changes nothing
#
# Exit codes: 0 provisioned; 75 waiting for approval (docs/approvals.md); otherwise ansible-playbook's (2 a host failed, 4 unreachable, ...), or 1 when the run
# failed without one; 2 also for usage or API errors (Opsdeck cannot be reached, the token is refused, no server with
# that address; the message says which); 130 interrupted (Ctrl-C: provisioning goes on, the script says how to follow
# or cancel it). Needs bash and curl. The token needs the OPERATOR role. See docs/scripts.md.
set -euo pipefail
# shellcheck source=scripts/lib/opsdeck.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib/opsdeck.sh"
opsdeck_init provision-server.sh "usage: provision-server.sh <aws|digitalocean> <environment> <ip> [--tags common,security,docker,ssl,monitoring,failover,django] [--check]"

positional=() tags=() check=false
while [ $# -gt 0 ]; do
  case "$1" in
    --tags)
      [ $# -ge 2 ] || opsdeck_usage "$1 needs a value"
      IFS=, read -r -a tags <<<"$2"
      for tag in ${tags[@]+"${tags[@]}"}; do
        case "$tag" in
          common | security | docker | ssl | monitoring | failover | django) ;;
          *) opsdeck_usage "unknown tag '$tag' (tags: common, security, docker, ssl, monitoring, failover, django)" ;;
        esac
      done
      shift 2
      continue
      ;;
    --check) check=true ;;
    -h | --help) printf '%s\n' "$OPSDECK_USAGE"; exit 0 ;;
    --*) opsdeck_usage "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[ ${#positional[@]} -eq 3 ] || opsdeck_usage
cloud="${positional[0]}" environment="${positional[1]}" address="${positional[2]}"
opsdeck_check_cloud "$cloud"
opsdeck_connect
opsdeck_environment "$cloud" "$environment"

opsdeck_call GET "/api/v1/servers?environment=$(opsdeck_uri_segment "$environment")&host=$(opsdeck_uri_segment "$address")"
[ "$OPSDECK_STATUS" = 200 ] || opsdeck_fail "finding the server: $OPSDECK_BODY"
case "$(opsdeck_json_value totalItems "$OPSDECK_BODY")" in
  1) ;;
  0)
    opsdeck_fail "no server in $environment has the address $address; add it first: on $OPSDECK_BASE/servers/new, or
  curl -H \"Authorization: Bearer \$OPSDECK_TOKEN\" -H 'Content-Type: application/json' -d '{\"name\":\"web-1\",\"host\":\"$address\",\"port\":22,\"username\":\"root\",\"environment\":\"$environment\",\"credentialId\":\"<ssh key id>\",\"hostKeyPolicy\":\"trust-on-first-use\"}' $OPSDECK_BASE/api/v1/servers"
    ;;
  *) opsdeck_fail "several servers in $environment have the address $address" ;;
esac
server_id="$(opsdeck_json_string id "$OPSDECK_BODY")"
server_name="$(opsdeck_json_string name "$OPSDECK_BODY")"

opsdeck_call POST "/api/v1/servers/$server_id/provision" \
  "{\"tags\":$(opsdeck_json_array ${tags[@]+"${tags[@]}"}),\"check\":$check}"
if [ "$OPSDECK_STATUS" = 404 ] && [[ $OPSDECK_BODY != *erver* ]]; then
  opsdeck_fail "this Opsdeck has no provisioning API (POST /api/v1/servers/{id}/provision); update it"
fi
! opsdeck_pending_approval || exit 75
[ "$OPSDECK_STATUS" = 202 ] || opsdeck_fail "provisioning not started ($OPSDECK_STATUS): $OPSDECK_BODY"
run_id="$(opsdeck_json_string id "$OPSDECK_BODY")"
checking=""
[ "$check" = false ] || checking=", check mode"
echo "==> Provisioning $server_name ($address) in $environment (${OPSDECK_ENV_KIND}, $cloud), tags: $(
  IFS=,
  echo "${tags[*]:-all}"
)$checking: run $run_id"
echo "    $OPSDECK_BASE/runs/$run_id"

trap 'echo; opsdeck_run_hint "$run_id"; exit 130' INT
opsdeck_follow "$run_id"
trap - INT
message="$(opsdeck_json_string message "$OPSDECK_BODY")"
echo "==> $OPSDECK_RUN_STATUS${message:+: $message}"
[ "$OPSDECK_RUN_STATUS" != SUCCEEDED ] || exit 0
code="$OPSDECK_RUN_EXIT_CODE"
if [ -n "$code" ] && [ "$code" != null ] && [ "$code" != 0 ]; then
  exit "$code"
fi
exit 1

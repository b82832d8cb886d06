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
# cleanup of some environment failed while the others went on; 2 usage or API error;
# 3 not allowed (production deletes need an ADMIN token). Needs Python 3 (standard library only). The token needs
# the OPERATOR role (ADMIN for production environments unless --dry-run).
set -euo pipefail
command -v python3 >/dev/null || { echo "cleanup-backups.sh: python3 is required" >&2; exit 2; }
OPSDECK_SCRIPTS_LIB="$(cd "$(dirname "$0")" && pwd)/lib" exec python3 - "$@" <<'PY'
import os, sys
sys.path.insert(0, os.environ["OPSDECK_SCRIPTS_LIB"])
from opsdeck_api import Script, check_cloud, quote

USAGE = "usage: cleanup-backups.sh <aws|digitalocean> <days> [--env NAME] [--keep N] [--dry-run]"

script = Script("cleanup-backups.sh")
fail, call = script.fail, script.call

args = sys.argv[1:]
positional, only_env, keep, dry_run = [], None, 3, False
i = 0
while i < len(args):
    a = args[i]
    if a == "--env" and i + 1 < len(args):
        only_env = args[i + 1]; i += 2; continue
    if a == "--keep" and i + 1 < len(args):
        if not args[i + 1].isdigit():
            fail("--keep needs a number, not '" + args[i + 1] + "'")
        keep = int(args[i + 1]); i += 2; continue
    if a == "--dry-run":
        dry_run = True
    elif a in ("-h", "--help"):
        print(USAGE); sys.exit(0)
    elif a.startswith("--"):
        fail("unknown option " + a + "\n" + USAGE)
    else:
        positional.append(a)
    i += 1
if len(positional) != 2:
    fail(USAGE)
cloud, days = positional
check_cloud(script, cloud)
if not days.isdigit() or not 1 <= int(days) <= 3650:
    fail("days must be a number from 1 to 3650, not '" + days + "'")
if not 1 <= keep <= 1000:
    fail("--keep must be from 1 to 1000")
script.connect(timeout=600)

def size(n):
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return ("%d %s" % (n, unit)) if unit == "B" else ("%.1f %s" % (n, unit))
        n /= 1024.0

if only_env:
    script.environment(cloud, only_env)
    targets, explicit = [only_env], True
else:
    targets, page = [], 0
    while True:
        status, listing = call("GET", "/api/v1/environments?page=%d&size=100" % page)
        if status != 200:
            fail("listing environments: " + str(listing))
        targets += [e["name"] for e in listing["items"] if e.get("cloudProvider") == cloud]
        if page + 1 >= listing.get("totalPages", 1):
            break
        page += 1
    explicit = False
    if not targets:
        print("==> no environment runs on " + cloud)

exit_code = 0
for name in targets:
    status, result = call("POST", "/api/v1/environments/%s/backups/cleanup" % quote(name),
                          {"retentionDays": int(days), "keepNewest": keep, "dryRun": dry_run})
    if status == 409 and not explicit:
        print("==> %s: no backup storage configured, skipped" % name)
        continue
    if status == 403:
        print("cleanup-backups.sh: %s: %s" % (name, result), file=sys.stderr)
        exit_code = max(exit_code, 3)
        continue
    if status != 200:
        if explicit:
            fail("%s: cleanup failed (%s): %s" % (name, status, result))
        print("cleanup-backups.sh: %s: cleanup failed (%s): %s" % (name, status, result), file=sys.stderr)
        exit_code = max(exit_code, 1)
        continue
    verb = "would delete" if result["dryRun"] else "deleted"
    print("==> %s: %s %d backups older than %s days (%s), kept %d" % (name, verb, len(result["deleted"]), days,
          size(result["deletedBytes"]), result["keptCount"]), flush=True)
    for backup in result["deleted"]:
        print("    %s  %7.1f d  %10s  %s" % (backup["timestamp"], backup["ageSeconds"] / 86400.0, size(backup["sizeBytes"]),
              "verified" if backup["verified"] else "not verified"))
    for failure in result.get("failed", []):
        print("    FAILED %s: %s" % (failure["timestamp"], failure["reason"]), file=sys.stderr)
        exit_code = max(exit_code, 1)
sys.exit(exit_code)
PY

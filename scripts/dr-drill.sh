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
# Exit codes: 0 succeeded; 1 failed or partially failed (a data check or warning); 2 usage or API error;
# 3 the environment is busy (another drill, backup or update is running); 4 target breached (--fail-on-breach).
# Needs Python 3 (standard library only). The token needs the OPERATOR role.
set -euo pipefail
command -v python3 >/dev/null || { echo "dr-drill.sh: python3 is required" >&2; exit 2; }
OPSDECK_SCRIPTS_LIB="$(cd "$(dirname "$0")" && pwd)/lib" exec python3 - "$@" <<'PY'
import os, sys, time
sys.path.insert(0, os.environ["OPSDECK_SCRIPTS_LIB"])
from opsdeck_api import Script, check_cloud, quote

USAGE = "usage: dr-drill.sh <aws|digitalocean> <environment> <full|database-only|validation-only> " \
        "[--backup TIMESTAMP] [--fail-on-breach] [--report-dir DIR] [--quiet]"

script = Script("dr-drill.sh")
fail, call = script.fail, script.call

args = sys.argv[1:]
positional, backup, fail_on_breach, report_dir, quiet = [], None, False, None, False
i = 0
while i < len(args):
    a = args[i]
    if a == "--backup" and i + 1 < len(args):
        backup = args[i + 1]; i += 2; continue
    if a == "--report-dir" and i + 1 < len(args):
        report_dir = args[i + 1]; i += 2; continue
    if a == "--fail-on-breach":
        fail_on_breach = True
    elif a == "--quiet":
        quiet = True
    elif a in ("-h", "--help"):
        print(USAGE); sys.exit(0)
    elif a.startswith("--"):
        fail("unknown option " + a + "\n" + USAGE)
    else:
        positional.append(a)
    i += 1
if len(positional) != 3:
    fail(USAGE)
cloud, environment, drill_type = positional
check_cloud(script, cloud)
if drill_type not in ("full", "database-only", "validation-only"):
    fail("type must be full, database-only or validation-only, not '" + drill_type + "'")
script.connect()
base = script.base
script.environment(cloud, environment)

request = {"environment": environment, "type": drill_type}
if backup:
    request["backupTimestamp"] = backup
status, drill = call("POST", "/api/v1/drills", request)
if status == 409:
    fail(str(drill), 3)
if status != 202:
    fail("drill not started (" + str(status) + "): " + str(drill))
drill_id, run_id = drill["id"], drill["runId"]
print("==> DR drill %s (%s) on %s, backup %s" % (drill_id, drill_type, environment, drill["backup"]["timestamp"]), flush=True)
print("    %s/drills/%s" % (base, drill_id), flush=True)

after, seen_steps = 0, {}
while True:
    after, page = script.print_lines(run_id, after, quiet)
    status, drill = call("GET", "/api/v1/drills/" + drill_id)
    if status != 200:
        fail("lost the drill: " + str(drill))
    for step in drill["steps"]:
        if step["status"] != "pending" and seen_steps.get(step["name"]) != step["status"]:
            seen_steps[step["name"]] = step["status"]
            if step["status"] != "running":
                print("==> %-16s %-9s %7.1f s  %s" % (step["name"], step["status"], step["durationSeconds"],
                                                      step.get("message") or ""), flush=True)
    finished = drill["status"] in ("SUCCEEDED", "PARTIALLY_FAILED", "FAILED")
    if finished and (page is None or page.get("lastSeq", 0) <= after):
        break
    if not finished:
        time.sleep(2)

print("==> %s in %.1f s (%.1f min), target %d s: %s; RPO %d s" % (drill["status"], drill["durationSeconds"],
      drill["durationSeconds"] / 60, drill["rtoTargetSeconds"], drill["compliance"], drill["rpoSeconds"]), flush=True)
for finding in drill.get("findings", []):
    print("    %s: %s" % (finding["severity"], finding["message"]))
for advice in drill.get("recommendations", []):
    print("    recommendation: " + advice)
if report_dir:
    status, markdown = call("GET", "/api/v1/drills/%s/report" % drill_id, accept="text/markdown")
    if status != 200:
        fail("report: " + str(markdown))
    os.makedirs(report_dir, exist_ok=True)
    d = drill["createdAt"]
    stamp = d[0:4] + d[5:7] + d[8:10] + "-" + d[11:13] + d[14:16] + d[17:19]
    name = "dr-report-%s-%s-%s.md" % (environment, stamp, drill_type)
    path = os.path.join(report_dir, name)
    with open(path, "w", encoding="utf-8") as out:
        out.write(markdown)
    print("==> report written to " + path)
if drill["status"] != "SUCCEEDED":
    sys.exit(1)
if fail_on_breach and drill["compliance"] != "PolicyMet":
    sys.exit(4)
sys.exit(0)
PY

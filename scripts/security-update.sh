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
# 2 usage, policy or API error (e.g. production needs an ADMIN token); 3 the environment is busy (a drill, backup
# or update is running); 4 non-compliant afterwards (--fail-on-noncompliant).
# Needs Python 3 (standard library only). The token needs the OPERATOR role (ADMIN for production).
set -euo pipefail
command -v python3 >/dev/null || { echo "security-update.sh: python3 is required" >&2; exit 2; }
OPSDECK_SCRIPTS_LIB="$(cd "$(dirname "$0")" && pwd)/lib" exec python3 - "$@" <<'PY'
import os, sys, time
sys.path.insert(0, os.environ["OPSDECK_SCRIPTS_LIB"])
from opsdeck_api import Script, check_cloud, quote

USAGE = "usage: security-update.sh <aws|digitalocean> <environment> [--mode security|full|critical] " \
        "[--package NAME]... [--cve CVE-ID]... [--reboot] [--check] [--fail-on-noncompliant] [--quiet]"

script = Script("security-update.sh")
fail, call = script.fail, script.call

args = sys.argv[1:]
positional, mode, packages, cves = [], "security", [], []
reboot = check = fail_on_noncompliant = quiet = False
i = 0
while i < len(args):
    a = args[i]
    if a in ("--mode", "--package", "--cve"):
        if i + 1 >= len(args):
            fail(a + " needs a value\n" + USAGE)
        value = args[i + 1]
        if a == "--mode":
            mode = value
        elif a == "--package":
            packages.append(value)
        else:
            cves.append(value)
        i += 2
        continue
    if a == "--reboot":
        reboot = True
    elif a == "--check":
        check = True
    elif a == "--fail-on-noncompliant":
        fail_on_noncompliant = True
    elif a == "--quiet":
        quiet = True
    elif a in ("-h", "--help"):
        print(USAGE); sys.exit(0)
    elif a.startswith("--"):
        fail("unknown option " + a + "\n" + USAGE)
    else:
        positional.append(a)
    i += 1
if len(positional) != 2:
    fail(USAGE)
cloud, environment = positional
check_cloud(script, cloud)
if mode not in ("security", "full", "critical"):
    fail("mode must be security, full or critical, not '" + mode + "'")
script.connect(role="OPERATOR (ADMIN for production)")
base = script.base
quoted = quote(environment)
env = script.environment(cloud, environment)

request = {"mode": mode, "packages": packages, "cves": cves, "reboot": reboot, "check": check}
status, started = call("POST", "/api/v1/environments/" + quoted + "/security-updates", request)
if status == 409:
    fail(str(started), 3)
if status != 201:
    fail("update not started (" + str(status) + "): " + str(started))
run_id = started["runId"]
print("==> Security update (%s%s) on %s (%s): run %s" % (mode, ", check mode" if check else "", environment,
      env.get("kind"), run_id), flush=True)
print("    %s/runs/%s" % (base, run_id), flush=True)

after = 0
while True:
    after, page = script.print_lines(run_id, after, quiet)
    status, run = call("GET", "/api/v1/runs/" + run_id)
    if status != 200:
        fail("lost the run: " + str(run))
    finished = run["status"] not in ("QUEUED", "RUNNING")
    if finished and (page is None or page.get("lastSeq", 0) <= after):
        break
    if not finished:
        time.sleep(2)

# the run's reports are stored just after it ends
compliance, deadline = None, time.time() + 30
while time.time() < deadline:
    status, compliance = call("GET", "/api/v1/environments/" + quoted + "/patch-compliance")
    if status != 200:
        fail("patch compliance: " + str(compliance))
    if run["status"] != "SUCCEEDED" or any(s.get("lastRunId") == run_id for s in compliance["servers"]):
        break
    time.sleep(1)

print("==> %s in %d s%s" % (run["status"], run.get("durationSeconds") or 0,
      (": " + run["message"]) if run.get("message") else ""), flush=True)
for s in compliance["servers"]:
    if s.get("lastRunId") != run_id:
        print("    %-24s not reported by this run (%s)" % (s["server"], s["status"]))
        continue
    reboot_text = ("reboot required since " + str(s.get("rebootRequiredSince") or "now")) if s["rebootRequired"] else "no reboot needed"
    print("    %-24s %-14s pending security %d, other %d, %s%s" % (s["server"], s["status"], s["pendingSecurityUpdates"],
          s["pendingOtherUpdates"], reboot_text, ("; error: " + s["lastError"]) if s.get("lastError") else ""))
print("==> environment %s: %d compliant, %d non-compliant, %d pending reboot, %d unknown" % (environment,
      compliance["compliant"], compliance["nonCompliant"], compliance["pendingReboot"], compliance["unknown"]))
if run["status"] != "SUCCEEDED":
    sys.exit(1)
if fail_on_noncompliant and compliance["nonCompliant"] > 0:
    sys.exit(4)
sys.exit(0)
PY

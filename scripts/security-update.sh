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
exec python3 - "$@" <<'PY'
import json, os, sys, time, urllib.request, urllib.error, urllib.parse

USAGE = "usage: security-update.sh <aws|digitalocean> <environment> [--mode security|full|critical] " \
        "[--package NAME]... [--cve CVE-ID]... [--reboot] [--check] [--fail-on-noncompliant] [--quiet]"

def fail(message, code=2):
    print("security-update.sh: " + message, file=sys.stderr)
    sys.exit(code)

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
if cloud not in ("aws", "digitalocean"):
    fail("cloud must be aws or digitalocean, not '" + cloud + "'")
if mode not in ("security", "full", "critical"):
    fail("mode must be security, full or critical, not '" + mode + "'")
base = os.environ.get("OPSDECK_URL", "").rstrip("/")
token = os.environ.get("OPSDECK_TOKEN", "")
if not base or not token:
    fail("set OPSDECK_URL (e.g. http://localhost:8080) and OPSDECK_TOKEN (an API token with the OPERATOR role)")

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode("utf-8")
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            problem = json.loads(text)
            detail = problem.get("detail") or problem.get("title") or text
            for e in problem.get("errors") or []:
                detail += "\n  " + str(e.get("field", "")) + ": " + str(e.get("message", ""))
        except ValueError:
            detail = text.strip() or error.reason
        return error.code, detail
    except (urllib.error.URLError, OSError) as error:
        fail("cannot reach " + base + ": " + str(error))

quoted = urllib.parse.quote(environment, safe="")
status, env = call("GET", "/api/v1/environments/" + quoted)
if status != 200:
    fail("environment '" + environment + "': " + str(env))
if env.get("cloudProvider") != cloud:
    fail("environment '" + environment + "' runs on " + str(env.get("cloudProvider")) + ", not " + cloud)

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
    status, page = call("GET", "/api/v1/runs/%s/lines?after=%d&limit=1000" % (run_id, after))
    if status == 200:
        for line in page["lines"]:
            after = line["seq"]
            if not quiet and not line["text"].startswith("OPSDECK-EVENT "):
                print(line["text"], flush=True)
    status, run = call("GET", "/api/v1/runs/" + run_id)
    if status != 200:
        fail("lost the run: " + str(run))
    finished = run["status"] not in ("QUEUED", "RUNNING")
    if finished and (page is None or not isinstance(page, dict) or page.get("lastSeq", 0) <= after):
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

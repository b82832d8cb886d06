"""Opsdeck's REST API for the seed's command-line scripts (dr-drill.sh, security-update.sh, cleanup-backups.sh).

Python 3 standard library only. A script makes one Script("name.sh"), parses its arguments (script.fail for usage
errors, exit code 2), then script.connect() reads OPSDECK_URL and OPSDECK_TOKEN and script.call(...) talks to the
API: it returns (status, body) where body is the parsed JSON (or text for other Accept types) on success and the
problem detail's text, with every field error on its own line, on an HTTP error.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class Script:
    """One command-line script: its name for messages, and its connection to Opsdeck."""

    def __init__(self, name):
        self.name = name
        self.base = ""
        self.token = ""
        self.timeout = 60

    def fail(self, message, code=2):
        """Prints 'name: message' to stderr and exits with code (2: usage or API error)."""
        print(self.name + ": " + message, file=sys.stderr)
        sys.exit(code)

    def connect(self, timeout=60, role="OPERATOR"):
        """Reads OPSDECK_URL and OPSDECK_TOKEN; timeout is the seconds one call may take."""
        self.base = os.environ.get("OPSDECK_URL", "").rstrip("/")
        self.token = os.environ.get("OPSDECK_TOKEN", "")
        self.timeout = timeout
        if not self.base or not self.token:
            self.fail("set OPSDECK_URL (e.g. http://localhost:8080) and OPSDECK_TOKEN (an API token with the "
                      + role + " role)")

    def call(self, method, path, body=None, accept="application/json"):
        """One API call; returns (HTTP status, JSON or text body, or the problem detail's text)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Accept", accept)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
                return response.status, (json.loads(text) if accept == "application/json" and text else text)
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
            self.fail("cannot reach " + self.base + ": " + str(error))

    def environment(self, cloud, name):
        """The environment's JSON; fails unless it exists and runs on cloud (aws | digitalocean)."""
        status, env = self.call("GET", "/api/v1/environments/" + quote(name))
        if status != 200:
            self.fail("environment '" + name + "': " + str(env))
        if env.get("cloudProvider") != cloud:
            self.fail("environment '" + name + "' runs on " + str(env.get("cloudProvider")) + ", not " + cloud)
        return env

    def print_lines(self, run_id, after, quiet):
        """Prints the run's output lines after seq 'after' (not OPSDECK-EVENT lines, nothing when quiet).
        Returns (the last seq read, the page or None when the call failed)."""
        status, page = self.call("GET", "/api/v1/runs/%s/lines?after=%d&limit=1000" % (run_id, after))
        if status != 200 or not isinstance(page, dict):
            return after, None
        for line in page["lines"]:
            after = line["seq"]
            if not quiet and not line["text"].startswith("OPSDECK-EVENT "):
                print(line["text"], flush=True)
        return after, page


def check_cloud(script, cloud):
    """Fails unless cloud is one of the seed's providers."""
    if cloud not in ("aws", "digitalocean"):
        script.fail("cloud must be aws or digitalocean, not '" + cloud + "'")


def quote(name):
    """An environment name as one URL path segment."""
    return urllib.parse.quote(name, safe="")

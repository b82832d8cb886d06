#!/usr/bin/env bash
# Performance harness (issue 8): Opsdeck's run engine against the tools people would use instead (the OpenSSH client,
# ansible-playbook, ansible -m command, cat), side by side in one run, every figure a ratio. Prints a table and
# writes it to docs/benchmarks.md (between the perf markers) and bench/results/perf-<time>.md.
#
#   bench/run.sh                      # everything at the issue's sizes (19.5 minutes on 2 cores in round 8)
#   bench/run.sh --only ssh,latency   # some scenarios: ssh ansible latency fanout api startup drill
#   bench/run.sh --smoke              # tiny sizes, no docs update: does the harness still work (CI runs this)
#   bench/run.sh --docs ''            # results only under bench/results/
#
# Installs what it needs from Debian (ansible-core, openssh, postgresql-client, wrk) and builds the jar with the
# Maven wrapper unless target/opsdeck-*.jar is newer than every source file. Runs as root (sshd on 127.0.10.x).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/setup.sh

case " $* " in *" -h "*|*" --help "*) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
opsdeck_require_java
opsdeck_use_run_java  # build with the JDK Opsdeck runs on (bench.py starts Opsdeck on it too)
opsdeck_require_packages ansible-core ansible openssh-server openssh-client postgresql-client wrk curl python3 pigz

jar=$(ls -t target/opsdeck-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find src pom.xml frontend-templates -newer "$jar" -type f -print -quit)" ]; then
  echo "building the jar ..."
  ./mvnw -q -B -DskipTests package
  jar=$(ls -t target/opsdeck-*.jar | grep -v -- '-plain' | head -n 1)
fi
exec python3 bench/perf/bench.py --jar "$jar" "$@"

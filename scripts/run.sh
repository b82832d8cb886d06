#!/usr/bin/env bash
# Starts Opsdeck from source on an embedded PostgreSQL (data under ~/.opsdeck unless OPSDECK_DATA_DIR says
# otherwise), installing what running needs first. Builds the jar when a source is newer than it (Maven wrapper),
# extracts it and prepares a class data sharing archive once per build (scripts/cds-archive.sh, about a minute),
# then runs
#   java $OPSDECK_JAVA_OPTS -XX:SharedArchiveFile=target/opsdeck-app/opsdeck.jsa -jar target/opsdeck-app/opsdeck.jar ARGS
# which reaches ready in about half the CPU time of a plain `java -jar` (docs/benchmarks.md, "Start-up").
# Arguments go to Opsdeck (Spring Boot), e.g.
#   PORT=9090 scripts/run.sh          (or: scripts/run.sh --server.port=9090)
# JVM options of the Opsdeck process come from OPSDECK_JAVA_OPTS (default: 1 GB heap, G1), e.g.
#   OPSDECK_JAVA_OPTS="-Xmx2g -XX:+UseG1GC" scripts/run.sh
# OPSDECK_CDS=off starts without the archive. So does a JFR recording from the start (-XX:StartFlightRecording in
# OPSDECK_JAVA_OPTS): Java 17 crashes when JFR is on while archived classes of multi-release jars are loaded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/setup.sh
source scripts/lib/setup.sh

opsdeck_require_java
# ansible (Debian's full package) brings the collections provision.yml uses: community.general, ansible.posix
opsdeck_require_packages ansible-core ansible openssh-client

jar=$(ls -t target/opsdeck-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find src pom.xml frontend-templates -newer "$jar" -type f -print -quit)" ]; then
  echo "Building the jar ..." >&2
  ./mvnw -q -B -DskipTests package
  jar=$(ls -t target/opsdeck-*.jar | grep -v -- '-plain' | head -n 1)
fi

java_opts="${OPSDECK_JAVA_OPTS:--Xmx1g -XX:+UseG1GC}"
read -r -a java_args <<<"$java_opts"
case " $java_opts " in *FlightRecord*) OPSDECK_CDS=off ;; esac
if [ "${OPSDECK_CDS:-on}" = off ]; then
  exec java "${java_args[@]}" -jar "$jar" "$@"
fi
app=$PWD/target/opsdeck-app
OPSDECK_JAVA_OPTS="$java_opts" scripts/cds-archive.sh "$jar" "$app"
exec java "${java_args[@]}" -XX:SharedArchiveFile="$app/opsdeck.jsa" -jar "$app/opsdeck.jar" "$@"

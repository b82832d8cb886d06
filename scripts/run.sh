#!/usr/bin/env bash
# Starts Opsdeck from source on an embedded PostgreSQL (data under ~/.opsdeck unless OPSDECK_DATA_DIR says
# otherwise), installing what running needs first. Builds the jar when a source is newer than it (Maven wrapper),
# extracts it and prepares an archive of the classes a start loads once per build (scripts/cds-archive.sh, about a
# minute), then runs
#   java $OPSDECK_JAVA_OPTS -XX:SharedArchiveFile=target/opsdeck-app/opsdeck.jsa -Dspring.aot.enabled=true \
#     -jar target/opsdeck-app/opsdeck.jar ARGS
# on Java 17 to 24 (a class data sharing archive: about 0.6x the CPU of a plain `java -jar` to ready), or
#   java $OPSDECK_JAVA_OPTS -XX:AOTCache=target/opsdeck-app/opsdeck.aot -Dspring.aot.enabled=true \
#     -jar target/opsdeck-app/opsdeck.jar ARGS
# on Java 25 or newer (an AOT cache: about 0.65x the CPU of the Java 17 archive); docs/benchmarks.md, "Start-up".
# -Dspring.aot.enabled=true runs the bean definitions Spring AOT wrote at build time (process-aot) instead of parsing
# the configuration classes at every start; OPSDECK_AOT=off leaves it out. Conditions on settings were then decided
# at build time: Opsdeck's own choices (embedded or OPSDECK_DB_URL, e-mail on spring.mail.host) are made at run
# time, but other Spring Boot settings that switch beans on or off (e.g. management.health.mail.enabled, exposing more
# actuator endpoints) need OPSDECK_AOT=off; README, "Configuration".
# The java is OPSDECK_JAVA when set (the path of a java binary, e.g. OPSDECK_JAVA=/usr/lib/jvm/temurin-25/bin/java),
# else JAVA_HOME's, else a Java 25 or newer (on PATH, else the newest JDK under /usr/lib/jvm), else the one on PATH
# (`opsdeck_run_java` in scripts/lib/setup.sh); the jar is built with that java's JDK when it is one (Spring AOT
# decides at build time with the building JVM). Opsdeck runs on Java 17 or newer.
# Arguments go to Opsdeck (Spring Boot), e.g.
#   PORT=9090 scripts/run.sh          (or: scripts/run.sh --server.port=9090)
# JVM options of the Opsdeck process come from OPSDECK_JAVA_OPTS (default: 1 GB heap, G1, and a heap that G1 gives
# back when idle: -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 -XX:G1PeriodicGCInterval=5000; G1's Remark pauses
# without class unloading, -XX:-ClassUnloadingWithConcurrentMark -XX:MetaspaceSize=160m (the API's p99 on Java 25);
# C2's loop compiles later, -XX:Tier4BackEdgeThreshold=120000 (less start-up CPU; `opsdeck_java_opts` in
# scripts/lib/setup.sh); and memory freed by the JVM's own malloc use, e.g. the start-up's compilations, given back
# every 5 s: -XX:TrimNativeHeapInterval=5000, where the java has it: 17.0.9 or newer), e.g.
#   OPSDECK_JAVA_OPTS="-Xmx2g -XX:+UseG1GC" scripts/run.sh
# OPSDECK_CDS=off starts without the archive. So does a JFR recording from the start (-XX:StartFlightRecording in
# OPSDECK_JAVA_OPTS): Java 17 crashes when JFR is on while archived classes of multi-release jars load, and Java 25
# refuses the AOT cache when JFR's module was not in the training start (it then starts without it, with errors).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/setup.sh
source scripts/lib/setup.sh

opsdeck_require_java
opsdeck_use_run_java  # build with the JDK Opsdeck then runs on (OPSDECK_JAVA's when it is a JDK)
# ansible (Debian's full package) brings the collections provision.yml uses: community.general, ansible.posix
opsdeck_require_packages ansible-core ansible openssh-client

java=$(opsdeck_run_java)
# The jar is rebuilt when a source is newer, and when it was built for another java release than this one: Spring
# AOT's bean definitions are decided by the building JVM, so a jar built on Java 21+ does not start on 17
# (target/opsdeck-build-java names the release the last build here ran on).
java_major=$(_opsdeck_java_major "$java")
jar=$(ls -t target/opsdeck-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find src pom.xml frontend-templates -newer "$jar" -type f -print -quit)" ] \
    || [ "$(cat target/opsdeck-build-java 2>/dev/null)" != "$java_major" ]; then
  echo "Building the jar (Java $java_major) ..." >&2
  ./mvnw -q -B -DskipTests package
  echo "$java_major" >target/opsdeck-build-java
  jar=$(ls -t target/opsdeck-*.jar | grep -v -- '-plain' | head -n 1)
fi

# -XX:TrimNativeHeapInterval (JDK 17.0.9+, 21.0.1+, 22+) only where this java knows it: the same `-version` call
# that reads the major version tells (an older java refuses the option and answers the plain `-version` below).
trim=-XX:TrimNativeHeapInterval=5000
if ! version=$("$java" "$trim" -version 2>&1); then
  trim=
  version=$("$java" -version 2>&1)
fi
major=$(echo "$version" | sed -n 's/.* version "\([0-9]*\)[."].*/\1/p' | head -n 1)
java_opts="${OPSDECK_JAVA_OPTS:-$(opsdeck_java_opts) $trim}"
read -r -a java_args <<<"$java_opts"
case " $java_opts " in *FlightRecord*) OPSDECK_CDS=off ;; esac
aot=()
if [ "${OPSDECK_AOT:-on}" != off ]; then aot=(-Dspring.aot.enabled=true); fi
if [ "${OPSDECK_CDS:-on}" = off ]; then
  exec "$java" "${java_args[@]}" "${aot[@]}" -jar "$jar" "$@"
fi
app=$PWD/target/opsdeck-app
OPSDECK_JAVA="$java" OPSDECK_JAVA_OPTS="$java_opts" OPSDECK_AOT="${OPSDECK_AOT:-on}" scripts/cds-archive.sh "$jar" "$app"
archive=()
if [ "${major:-0}" -ge 25 ] && [ -f "$app/opsdeck.aot" ]; then
  archive=(-XX:AOTCache="$app/opsdeck.aot")
elif [ "${major:-0}" -lt 25 ] && [ -f "$app/opsdeck.jsa" ]; then
  archive=(-XX:SharedArchiveFile="$app/opsdeck.jsa")
fi
exec "$java" "${java_args[@]}" "${archive[@]}" "${aot[@]}" -jar "$app/opsdeck.jar" "$@"

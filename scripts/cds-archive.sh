#!/usr/bin/env bash
# Prepares Opsdeck's jar for a fast start (issue 8, docs/benchmarks.md "Start-up"): extracts it into DIR
# (`"$java" -Djarmode=tools -jar JAR extract`: DIR/opsdeck.jar next to DIR/lib/) and writes an archive of the classes a
# start loads from one training start of that jar:
#   - Java 25 or newer: an AOT cache DIR/opsdeck.aot (JEP 483/514/515: classes loaded and linked, method profiles);
#     start Opsdeck afterwards with  java -XX:AOTCache=DIR/opsdeck.aot -jar DIR/opsdeck.jar
#   - Java 17 to 24: a class data sharing archive DIR/opsdeck.jsa;
#     start Opsdeck afterwards with  java -XX:SharedArchiveFile=DIR/opsdeck.jsa -jar DIR/opsdeck.jar
# (scripts/run.sh and the Docker image do). Without the archive the same command still works, only slower.
#
#   scripts/cds-archive.sh JAR DIR
#
# The java is `opsdeck_run_java`'s (scripts/lib/setup.sh: OPSDECK_JAVA, else JAVA_HOME's, else PATH's java): the
# same rule as scripts/run.sh, which must start Opsdeck with the same java.
# Does nothing when DIR already holds the extract of this JAR with an archive made by this java (DIR/stamp);
# otherwise takes about one first start of Opsdeck (30-60 s on 2 cores). The training start runs on a throw-away
# embedded PostgreSQL in a temporary directory (never on OPSDECK_DB_URL or the real data directory), on 127.0.0.1 and
# a free port, until it is ready and has answered one readiness probe (bash's /dev/tcp, no curl needed); it is then
# stopped with SIGTERM (a normal shutdown; the JVM writes the archive at its exit), so the archive also holds what the
# web server's and the scheduler's start, the start-up listeners and the first request load. Its JVM
# options are OPSDECK_JAVA_OPTS (default: scripts/run.sh's heap and GC options; run.sh passes its own). A failed
# training start (not ready within 30 minutes, or not ended by the SIGTERM) leaves no archive and is reported, not
# fatal (exit 0) and not retried for the same jar; its log is
# kept in DIR/training.log. The training start runs the jar's AOT-processed context (`-Dspring.aot.enabled=true`, as
# scripts/run.sh starts it) unless OPSDECK_AOT=off, so the archive holds the classes that start loads.
set -euo pipefail

jar=${1:?usage: scripts/cds-archive.sh JAR DIR}
dir=${2:?usage: scripts/cds-archive.sh JAR DIR}
# shellcheck source=scripts/lib/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/setup.sh"
read -r -a java_opts <<<"${OPSDECK_JAVA_OPTS:-$(opsdeck_java_opts)}"
java=$(opsdeck_run_java)
version=$("$java" -version 2>&1)
major=$(echo "$version" | sed -n 's/.* version "\([0-9]*\)[."].*/\1/p' | head -n 1)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)  # the archive records the class path: always the absolute one
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
if [ "${major:-0}" -ge 25 ]; then
  archive=opsdeck.aot
  training_opts=(-XX:AOTCacheOutput="$dir/$archive.part")
else
  archive=opsdeck.jsa
  training_opts=(-XX:ArchiveClassesAtExit="$dir/$archive.part")
fi

aot=()
if [ "${OPSDECK_AOT:-on}" != off ]; then aot=(-Dspring.aot.enabled=true); fi
# What the archive depends on: this jar (size, time, name), this JVM (its version and binary), AOT or not.
stamp="$(stat -c '%s %Y %n' "$jar") $(readlink -f "$(command -v "$java")") $(echo "$version" | tr '\n' ' ') aot=${OPSDECK_AOT:-on}"
if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$stamp" ] && [ -f "$dir/opsdeck.jar" ]; then
  exit 0
fi

rm -rf "$dir/opsdeck.jar" "$dir/lib" "$dir/opsdeck.jsa" "$dir/opsdeck.aot" "$dir/stamp"
extract=$(mktemp -d)
"$java" -Djarmode=tools -jar "$jar" extract --destination "$extract/x" >/dev/null
mv "$extract/x/$(basename "$jar")" "$dir/opsdeck.jar"
mv "$extract/x/lib" "$dir/lib"
rm -rf "$extract"

# Whether Opsdeck on 127.0.0.1:PORT answers its readiness probe with 200 (bash's /dev/tcp: no curl needed).
_opsdeck_ready() {
  local reply
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1  # the group keeps stderr for the rest
  printf 'GET /actuator/health/readiness HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  IFS= read -r -t 5 reply <&3 || reply=
  exec 3<&- 3>&-
  case "$reply" in "HTTP/1."?" 200"*) return 0 ;; *) return 1 ;; esac
}

echo "Preparing the class archive $dir/$archive (once per build; about a minute) ..." >&2
training=$(mktemp -d)
status=0
# The training start runs until Opsdeck is ready and has answered one readiness probe (so the archive also holds the
# classes of the web server's start, the scheduler's start, the start-up listeners and the first request), then is
# stopped with SIGTERM: the JVM writes the archive at its exit, after the context has closed (and stopped its
# PostgreSQL). `--management.server.port=` keeps the probe on the training's own port even when the operator moved
# the actuator to another port.
"$java" "${java_opts[@]}" "${training_opts[@]}" "${aot[@]}" -jar "$dir/opsdeck.jar" \
  --opsdeck.data-directory="$training/data" --opsdeck.embedded-database.port=0 --opsdeck.embedded-database.durable=false \
  --spring.datasource.url= --server.address=127.0.0.1 --server.port=0 --management.server.port= \
  --opsdeck.bootstrap-token= \
  >"$dir/training.log" 2>&1 &
pid=$!
ready=
for _ in $(seq 1 9000); do  # up to 30 minutes (a training start took 9 min on a loaded 2-core machine)
  kill -0 "$pid" 2>/dev/null || break
  port=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$dir/training.log" | head -n 1)
  if [ -n "$port" ] && _opsdeck_ready "$port"; then ready=yes; break; fi
  sleep 0.2
done
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" || status=$?
# SIGTERM ends the JVM with 143 after a normal shutdown; anything else (or never ready) is a failed training.
if [ -n "$ready" ] && [ "$status" -eq 143 ]; then status=0; elif [ "$status" -eq 0 ]; then status=1; fi
# A training that died before closing its context leaves its PostgreSQL running: stop it here.
if [ -f "$training/data/pgdata/postmaster.pid" ]; then
  postmaster=$(head -n 1 "$training/data/pgdata/postmaster.pid")
  kill "$postmaster" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.1; done
fi
rm -rf "$training"
if [ "$status" -eq 0 ] && [ -s "$dir/$archive.part" ]; then
  mv "$dir/$archive.part" "$dir/$archive"
else
  rm -f "$dir/$archive.part" "$dir/$archive.part.config"
  echo "The training start failed (exit $status, log: $dir/training.log): Opsdeck starts without the archive" \
    "(delete $dir to try again)." >&2
fi
echo "$stamp" >"$dir/stamp"

#!/usr/bin/env bash
# Soak benchmark (issue 7): Opsdeck on its embedded PostgreSQL, SOAK_MINUTES (default 10) of continuous SSH runs on
# the local connection (two at a time, 2,000 lines each) while live viewers attach and detach (SSE
# /api/v1/runs/{id}/events and /log?follow=true, for 1-5 s each, several a second). Every 10 s it forces a full GC
# (jcmd GC.run) and samples heap used after it, live threads, open file descriptors and resident memory. It writes
# the samples and a verdict (growth or not) into docs/benchmarks.md (section "Soak", between the soak markers) and
# bench/results/soak-<time>.md.
#
#   bench/soak/run.sh                   # 10 minutes
#   SOAK_MINUTES=1 bench/soak/run.sh    # a quick look
#   SOAK_SECONDS=20 bench/soak/run.sh   # a smoke: does it all still work (what a CI job could run)
#   SOAK_DOCS=no bench/soak/run.sh      # results only under bench/results/
#
# Needs Java 17 (jcmd), curl and python3; compiles with the Maven wrapper first. Listens on 127.0.0.160 (a free
# port). Not a test: nothing fails on growth, the verdict says what grew.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

minutes="${SOAK_MINUTES:-10}"
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] || { echo "SOAK_MINUTES is a whole number >= 1" >&2; exit 2; }
seconds="${SOAK_SECONDS:-$((minutes * 60))}"
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 10 ] || { echo "SOAK_SECONDS is a whole number >= 10" >&2; exit 2; }
host=127.0.0.160
token="odk_soak_$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
work=$(mktemp -d /tmp/opsdeck-soak.XXXXXX)
samples="$work/samples.tsv"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "${app:-}" ]; then kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; fi
  mkdir -p target && cp -f "$work/opsdeck.log" target/soak-opsdeck.log 2>/dev/null || true
  rm -rf -- "$work"
}
trap cleanup EXIT
trap 'echo "bench/soak/run.sh: failed at line $LINENO (Opsdeck log: target/soak-opsdeck.log)" >&2' ERR

echo "compiling ..."
./mvnw -q -B -DskipTests compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/classpath" >/dev/null
port=$(python3 -c 'import socket,sys; s=socket.socket(); s.bind((sys.argv[1],0)); print(s.getsockname()[1])' "$host")
base="http://$host:$port"
java -Xmx1g -XX:+UseG1GC -cp "target/classes:$(cat "$work/classpath")" io.opsdeck.OpsdeckApplication \
  --server.address="$host" --server.port="$port" --opsdeck.data-directory="$work/data" \
  --opsdeck.bootstrap-token="$token" --opsdeck.embedded-database.durable=false \
  --opsdeck.server-metrics.default-enabled=false >"$work/opsdeck.log" 2>&1 &
app=$!
echo "starting Opsdeck (pid $app) on $base ..."
for _ in $(seq 1 600); do
  curl -fs "$base/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$app" 2>/dev/null || { tail -40 "$work/opsdeck.log" >&2; exit 1; }
  sleep 1
done
api() { curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
api -d '{"name":"soak","kind":"staging","cloudProvider":"aws","region":"eu-central-1"}' "$base/api/v1/environments" >/dev/null
server=$(api -d '{"name":"soak-local","host":"127.0.0.1","username":"root","environment":"soak","connection":"local"}' \
  "$base/api/v1/servers" | json id)
body="{\"kind\":\"ssh\",\"command\":\"seq 1 2000 | sed 's/^/soak line /'; sleep 2\",\"servers\":[\"$server\"]}"
end=$(( $(date +%s) + seconds ))

runner() {   # launches a run, waits for its end, again, until the end of the soak
  while [ "$(date +%s)" -lt "$end" ]; do
    id=$(api -d "$body" "$base/api/v1/runs" | json id) || { sleep 1; continue; }
    echo "$id" >"$work/latest"
    echo "$id" >>"$work/runs"
    while [ "$(date +%s)" -lt $((end + 60)) ]; do
      status=$(api "$base/api/v1/runs/$id" | json status) || break
      case "$status" in QUEUED|RUNNING) sleep 0.5 ;; *) echo "$status" >>"$work/statuses"; break ;; esac
    done
  done
}
viewers() {  # attaches a viewer to the newest run every 0.3 s, for 1-5 s
  n=0
  while [ "$(date +%s)" -lt "$end" ]; do
    if [ -s "$work/latest" ]; then
      id=$(cat "$work/latest"); n=$((n + 1))
      if [ $((n % 3)) -eq 0 ]; then path="log?follow=true"; else path="events"; fi
      curl -sN --max-time $((RANDOM % 5 + 1)) -H "Authorization: Bearer $token" "$base/api/v1/runs/$id/$path" \
        >/dev/null 2>&1 &
      echo x >>"$work/viewers"
    fi
    sleep 0.3
  done
  wait
}
sample() {
  jcmd "$app" GC.run >/dev/null 2>&1 || true
  metrics=$(curl -fs -H "Authorization: Bearer $token" "$base/actuator/prometheus")
  heap=$(awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s += $NF} END {printf "%.0f", s}' <<<"$metrics")
  threads=$(awk '/^jvm_threads_live_threads/ {printf "%.0f", $NF}' <<<"$metrics")
  subscribers=$(awk '/^opsdeck_output_subscribers/ {printf "%.0f", $NF}' <<<"$metrics")
  fds=$(ls "/proc/$app/fd" | wc -l)
  rss=$(awk '/^VmRSS/ {print $2 * 1024}' "/proc/$app/status")
  runs=$(wc -l <"$work/runs")
  viewers=$(wc -l <"$work/viewers")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "$heap" "$threads" "$fds" "$rss" \
    "$subscribers" "$runs" "$viewers" >>"$samples"
}

start=$(date +%s)
: >"$work/runs"
: >"$work/viewers"
: >"$work/statuses"
printf 'seconds\theap\tthreads\tfds\trss\tsubscribers\truns\tviewers\n' >"$samples"
sample
runner & pids+=($!)
runner & pids+=($!)
viewers & pids+=($!)
echo "soaking for $seconds s ..."
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 10
  kill -0 "$app" 2>/dev/null || { echo "Opsdeck died" >&2; tail -40 "$work/opsdeck.log" >&2; exit 1; }
  sample
done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()
sample

mkdir -p bench/results
result="bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ).md"
docs=""
[ "${SOAK_DOCS:-yes}" = "no" ] || docs="docs/benchmarks.md"
errors=$(grep -c ' ERROR ' "$work/opsdeck.log" || true)
python3 bench/soak/report.py "$samples" "$work/statuses" "$seconds" "$result" "$errors" "$docs"

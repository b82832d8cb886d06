#!/usr/bin/env bash
# One-off microbenchmarks of scenario 6's framework items (round 10: docs/benchmarks.md, "6. API, tenth round"): CPU microseconds per call of
# @PreAuthorize("hasRole('VIEWER')"), method validation and the http.server.requests observation, with the jars of an
# Opsdeck jar. Usage: bench/perf/api-micro/run.sh <opsdeck.jar>   (needs spring-test in ~/.m2 for the mock request)
set -euo pipefail
jar=$(readlink -f "$1"); here=$(cd "$(dirname "$0")" && pwd); work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
unzip -q "$jar" 'BOOT-INF/lib/*.jar'
cp ~/.m2/repository/org/springframework/spring-test/7.0.8/spring-test-7.0.8.jar BOOT-INF/lib/
cp=$(ls BOOT-INF/lib/*.jar | tr '\n' ':')
javac -nowarn -cp "$cp" -d . "$here"/*.java
for main in PreAuthCost ValidationCost ObsCost; do java -cp "$cp:." "$main" 2>/dev/null | tail -6; done

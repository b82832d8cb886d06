#!/usr/bin/env bash
# JMH micro-benchmarks of the output pipeline's per-byte stages (issue 8): split bytes into lines, mask secrets,
# encode a stored chunk, decode it. Prints MB/s per stage (5,000 log-like lines, ~0.6 MB, per operation); JSON goes
# to bench/results/jmh-<time>.json. About 2 minutes.
#
#   bench/jmh.sh                 # all of OutputPipelineBenchmark
#   bench/jmh.sh encodeChunk     # a regular expression over OutputPipelineBenchmark's names, as JMH takes it
#   bench/jmh.sh RunPageBenchmark  # one page of the runs list as JSON (scenario 6), pages per second
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/setup.sh
opsdeck_require_java
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath
cp="target/test-classes:target/classes:$(cat target/jmh.classpath)"
mkdir -p bench/results
json="bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ).json"
case "${1:-}" in
  RunPageBenchmark*) pattern=$1 ;;
  *) pattern="OutputPipelineBenchmark.${1:-}" ;;
esac
java -cp "$cp" org.openjdk.jmh.Main "$pattern" -rf json -rff "$json"
batch=$(java -cp "$cp" io.opsdeck.bench.jmh.OutputPipelineBenchmark)
python3 - "$json" "$batch" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
batch = int(sys.argv[2])
if any("OutputPipelineBenchmark" in r["benchmark"] for r in rows):
    print(f"\n| stage | MB/s (5,000 lines, {batch:,} bytes per operation) | ± |\n|---|---:|---:|")
else:
    print("\n| benchmark | score | ± |\n|---|---:|---:|")
for r in rows:
    m = r["primaryMetric"]
    if "OutputPipelineBenchmark" not in r["benchmark"]:
        print(f"| {r['benchmark'].rsplit('.', 1)[1]} | {m['score']:,.0f} {m['scoreUnit']} | {m['scoreError']:,.0f} |")
        continue
    print(f"| {r['benchmark'].rsplit('.', 1)[1]} | {m['score'] * batch / 2**20:,.0f} | {m['scoreError'] * batch / 2**20:,.0f} |")
PY

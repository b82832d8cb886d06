#!/usr/bin/env bash
# Drill-restore benchmark (issue 3): a full drill through Opsdeck's API against the plain sequential restore
# (SDK download + pg_restore -j2 + tar -xzf) on the same generated backup, all on loopback. Runs the JUnit class
# io.opsdeck.bench.DrillRestoreBenchmark (tag "benchmark", excluded from normal builds) through the Maven wrapper
# and writes the result into docs/benchmarks.md (between the drill-restore markers) and bench/results/.
#
#   bench/drill-restore.sh [--db-gb N] [--media-gb N] [--no-docs] [--cache DIR | --no-cache]
#
# Defaults: 1 GiB database (pg_database_size) and 1 GiB of media. Needs what scripts/test.sh installs (PostgreSQL 15,
# sshd, ansible-core, curl) and about 8 x (db + media) GiB free under /var/tmp while it runs. The generated backup
# (db.dump, media.tar.gz) is kept in DIR (default ${XDG_CACHE_HOME:-~/.cache}/opsdeck/drill-restore, ~1.3 GiB per
# 1 + 1 GiB) and reused, after checking its SHA-256, by the next run at the same sizes: generating it takes minutes.
# Takes ~10 minutes at the default size on 2 cores the first time, ~3-5 minutes with the cache.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

db_gb=1
media_gb=1
docs="$PWD/docs/benchmarks.md"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/opsdeck/drill-restore"
while [ $# -gt 0 ]; do
  case "$1" in
    --db-gb) db_gb="${2:?--db-gb needs a number}"; shift 2 ;;
    --media-gb) media_gb="${2:?--media-gb needs a number}"; shift 2 ;;
    --no-docs) docs=""; shift ;;
    --cache) cache="${2:?--cache needs a directory}"; shift 2 ;;
    --no-cache) cache=""; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$db_gb" "$media_gb"; do
  [[ "$n" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "sizes are numbers of GiB, e.g. 1 or 0.25" >&2; exit 2; }
done

status=0
mkdir -p bench/results target
marker=$(mktemp -p target bench-start.XXXXXX)
./mvnw -q -B test -Dtest=DrillRestoreBenchmark \
  -Dexcluded.groups= -Dgroups=benchmark \
  -Dbench.db-gb="$db_gb" -Dbench.media-gb="$media_gb" -Dbench.docs="$docs" -Dbench.cache="$cache" || status=$?
out=target/surefire-reports/io.opsdeck.bench.DrillRestoreBenchmark-output.txt
latest=$(find bench/results -name 'drill-restore-*.md' -newer "$marker" | sort | tail -n 1)
rm -f -- "$marker"
if [ "$status" -eq 0 ] && [ -n "$latest" ]; then
  cat "$latest"
  echo "result: $latest${docs:+, and in $docs}"
else
  echo "benchmark failed (exit $status); see $out and target/surefire-reports/" >&2
fi
exit "$status"

#!/bin/sh
# Compares chunk compressors on files (issue 8, twelfth round): bench/perf/codecs/run.sh 7 out.log ansible.log
# Fetches at.yawk.lz4:lz4-java (the maintained fork) into ~/.m2 if missing; not a dependency of Opsdeck.
set -e
cd "$(dirname "$0")"
M2="$HOME/.m2/repository"
LZ4="$M2/at/yawk/lz4/lz4-java/1.14.1/lz4-java-1.14.1.jar"
ZSTD="$M2/com/github/luben/zstd-jni/1.5.7-6/zstd-jni-1.5.7-6.jar"
[ -f "$LZ4" ] || ../../../mvnw -q -B dependency:get -Dartifact=at.yawk.lz4:lz4-java:1.14.1
out="$(mktemp -d)"
javac -d "$out" -cp "$ZSTD:$LZ4" Codecs.java
passes="$1"; shift
files=""
for f in "$@"; do files="$files $(realpath "$f")"; done
exec java -cp "$ZSTD:$LZ4:$out" Codecs "$passes" $files

#!/usr/bin/env bash
# Starts Opsdeck from source on an embedded PostgreSQL (data under ~/.opsdeck unless OPSDECK_DATA_DIR says
# otherwise), installing what running needs first. Extra arguments go to Maven, e.g.
#   PORT=9090 scripts/run.sh          (or: scripts/run.sh -Dspring-boot.run.arguments=--server.port=9090)
# JVM options of the Opsdeck process come from OPSDECK_JAVA_OPTS (default: 1 GB heap, G1), e.g.
#   OPSDECK_JAVA_OPTS="-Xmx2g -XX:+UseG1GC" scripts/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/setup.sh
source scripts/lib/setup.sh

opsdeck_require_java
# ansible (Debian's full package) brings the collections provision.yml uses: community.general, ansible.posix
opsdeck_require_packages ansible-core ansible openssh-client
exec ./mvnw -B spring-boot:run "-Dspring-boot.run.jvmArguments=${OPSDECK_JAVA_OPTS:--Xmx1g -XX:+UseG1GC}" "$@"

#!/usr/bin/env bash
# Builds Opsdeck and runs every test on real parts (embedded PostgreSQL, OpenSSH sshd, ansible-playbook, headless
# Chromium), installing the system packages the tests need first. Extra arguments go to Maven, e.g.
#   scripts/test.sh -Dtest=SshdServerTests
# After the tests it runs the performance harness's smoke (`bench/run.sh --smoke`: tiny sizes, about a minute) so the
# harness never rots; OPSDECK_BENCH_SMOKE=no leaves it out (e.g. with -Dtest=...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/setup.sh
source scripts/lib/setup.sh

opsdeck_require_java
opsdeck_use_run_java  # test on the java scripts/run.sh runs Opsdeck on (OPSDECK_JAVA's JDK when set)
opsdeck_require_packages ansible-core ansible ansible-lint openssh-server openssh-client chromium chromium-driver \
  postgresql postgresql-client curl debootstrap apt-utils iproute2 prometheus prometheus-node-exporter wrk pigz
# The disposable Debian hosts' cached roots (debootstrap, a few minutes when cold) download while Maven compiles;
# the tests wait for them (the scripts lock) and build them themselves if this did not. Paths as in
# patching/DebianTestHost and support/ProvisioningTestHost.
if [ "$(id -u)" -eq 0 ] && command -v debootstrap >/dev/null 2>&1; then
  mkdir -p target
  bash src/test/resources/patching/testbed.sh base /var/tmp/opsdeck-test-root-bookworm \
    > target/testbed-patching.log 2>&1 &
  bash src/test/resources/provisioning/testbed.sh base /var/tmp/opsdeck-test-root-provision-bookworm \
    > target/testbed-provisioning.log 2>&1 &
fi
./mvnw -B verify "$@"
if [ "${OPSDECK_BENCH_SMOKE:-yes}" != "no" ]; then
  bench/run.sh --smoke
fi

#!/usr/bin/env bash
# Builds Opsdeck and runs every test on real parts (embedded PostgreSQL, OpenSSH sshd, ansible-playbook, headless
# Chromium), installing the system packages the tests need first. Extra arguments go to Maven, e.g.
#   scripts/test.sh -Dtest=SshdServerTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/setup.sh
source scripts/lib/setup.sh

opsdeck_require_java
opsdeck_require_packages ansible-core ansible ansible-lint openssh-server openssh-client chromium chromium-driver \
  postgresql postgresql-client curl debootstrap apt-utils iproute2
exec ./mvnw -B verify "$@"

# shellcheck shell=bash
# Machine set-up shared by scripts/run.sh and scripts/test.sh; source it, do not run it.
#
#   opsdeck_require_java              Java 17 or newer (java and javac) must be on PATH or in JAVA_HOME
#   opsdeck_require_packages PKG...   Debian packages that must be present
#
# Whatever is missing is installed with apt-get when running as root; otherwise the functions name what is
# missing, print the apt-get command to run, and exit 1.

# The command that proves a package is installed even when it did not come from apt (pip, a tarball, ...).
_opsdeck_command_for() {
  case "$1" in
    ansible-core) echo ansible-playbook ;;
    ansible-lint) echo ansible-lint ;;
    openssh-client) echo ssh ;;
    openssh-server) echo /usr/sbin/sshd ;;
    chromium) echo chromium ;;
    chromium-driver) echo chromedriver ;;
    *) echo "" ;;
  esac
}

# Whether every named Ansible collection is installed (from Debian's `ansible` package, pip or ansible-galaxy).
_opsdeck_has_collections() {
  local collection
  command -v ansible-galaxy >/dev/null 2>&1 || return 1
  for collection in "$@"; do
    ansible-galaxy collection list "$collection" 2>/dev/null | grep -q "^$collection " || return 1
  done
}

_opsdeck_has_package() {
  local package="$1" command
  # `ansible` is ansible-core plus the collections: its commands prove nothing (ansible-core has them too); the
  # collections the playbooks use (ansible/requirements.yml) do
  if [ "$package" = ansible ] && _opsdeck_has_collections community.general ansible.posix; then
    return 0
  fi
  command="$(_opsdeck_command_for "$package")"
  if [ -n "$command" ] && command -v "$command" >/dev/null 2>&1; then
    return 0
  fi
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'
}

_OPSDECK_APT_UPDATED=no

# Installs the given packages as root, or explains how to and exits 1.
_opsdeck_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Opsdeck needs these packages, which are missing: $*" >&2
    echo "Install them as root, then run this script again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $*" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Opsdeck needs these packages, which are missing: $* (and apt-get is not available to install them)" >&2
    exit 1
  fi
  echo "Installing missing packages: $*" >&2
  if [ "$_OPSDECK_APT_UPDATED" = no ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    _OPSDECK_APT_UPDATED=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

opsdeck_require_packages() {
  local package missing=()
  for package in "$@"; do
    _opsdeck_has_package "$package" || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    _opsdeck_install "${missing[@]}"
  fi
}

# Prints the major version of a java binary (default: JAVA_HOME's, else the one on PATH; 8 for 1.8.0_x), or 0 when
# there is none.
_opsdeck_java_major() {
  local java="${1:-java}" version
  if [ -z "${1:-}" ] && [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
  fi
  command -v "$java" >/dev/null 2>&1 || { echo 0; return; }
  version="$("$java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  case "$version" in
    1.*) echo "$version" | cut -d. -f2 ;;
    "") echo 0 ;;
    *) echo "${version%%[.+-]*}" ;;
  esac
}

# The Java release Opsdeck prefers to run on: its AOT cache (JEP 483/514/515) restarts Opsdeck in ~0.8x the wall
# time and ~0.85x the CPU of Java 17's class data sharing archive (docs/benchmarks.md, "Start-up, fourteenth
# round"), and scripts/test.sh runs every test on the same java.
OPSDECK_PREFERRED_JAVA=25

# Prints the java binary Opsdeck runs (and is tested) on, as a path or a command name:
#   1. OPSDECK_JAVA when set (the path of a java binary; no check: the caller asked for it);
#   2. JAVA_HOME's java, else the java on PATH, when it is Java 25 or newer;
#   3. else the newest JDK of release 25 or newer under OPSDECK_JVM_DIR (default /usr/lib/jvm, where Debian and
#      Temurin's packages install them) that has both java and javac;
#   4. else JAVA_HOME's java, else `java` on PATH (Java 17 to 24 run Opsdeck too, with a class data sharing
#      archive instead of the AOT cache).
# Used by scripts/run.sh, scripts/cds-archive.sh, scripts/test.sh and the benchmark harness (bench/perf), so the
# archive, the start and the tests use one java.
opsdeck_run_java() {
  if [ -n "${OPSDECK_JAVA:-}" ]; then
    echo "$OPSDECK_JAVA"
    return
  fi
  local default="java" candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    default="$JAVA_HOME/bin/java"
  fi
  if [ "$(_opsdeck_java_major "$default")" -ge "$OPSDECK_PREFERRED_JAVA" ]; then
    echo "$default"
    return
  fi
  for candidate in "${OPSDECK_JVM_DIR:-/usr/lib/jvm}"/*/bin/java; do
    [ -x "$candidate" ] && [ -x "$(dirname "$candidate")/javac" ] || continue
    major="$(_opsdeck_java_major "$candidate")"
    if [ "$major" -ge "$OPSDECK_PREFERRED_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  echo "${best:-$default}"
}

# Points JAVA_HOME and PATH at the JDK of opsdeck_run_java when that java sits in a JDK (javac beside it), so Maven
# builds and tests on the java Opsdeck runs on. Leaves both alone otherwise (e.g. OPSDECK_JAVA names a JRE).
opsdeck_use_run_java() {
  local java home
  java="$(command -v "$(opsdeck_run_java)")" || return 0
  java="$(readlink -f "$java")"
  [ -x "$(dirname "$java")/javac" ] || return 0
  home="$(dirname "$(dirname "$java")")"
  export JAVA_HOME="$home"
  export PATH="$home/bin:$PATH"
}

_opsdeck_has_javac() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    return 0
  fi
  command -v javac >/dev/null 2>&1
}

opsdeck_require_java() {
  local major
  major="$(_opsdeck_java_major)"
  if [ "$major" -ge 17 ] && _opsdeck_has_javac; then
    return 0
  fi
  echo "Opsdeck builds with a JDK 17 or newer; found: $([ "$major" -gt 0 ] && echo "Java $major" || echo "no java")$(_opsdeck_has_javac || echo ", no javac")." >&2
  # Debian's default JDK is 17 on bookworm and newer on later releases.
  _opsdeck_install default-jdk-headless
  major="$(_opsdeck_java_major)"
  if [ "$major" -lt 17 ] || ! _opsdeck_has_javac; then
    echo "Still no JDK 17+ on PATH after installing default-jdk-headless (found Java $major)." >&2
    echo "Install a JDK 17 or newer and put it on PATH or in JAVA_HOME." >&2
    exit 1
  fi
}

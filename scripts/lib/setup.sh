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

# Prints the java binary Opsdeck runs on, as a path or a command name: OPSDECK_JAVA when set (the path of a java
# binary; no check: the caller asked for it), else JAVA_HOME's java, else the java on PATH when it is Java 25 or newer,
# else the newest JDK of Java 25 or newer installed under OPSDECK_JVM_DIR (default /usr/lib/jvm, where Debian's and
# Temurin's packages put them; a JDK: javac beside java, so that Maven can build with it), else the java on PATH. Used
# by scripts/run.sh, scripts/cds-archive.sh, scripts/test.sh and the benchmark harness (bench/perf), so the build, the
# archive, the start and the tests use one java. Java 25 is preferred because, with its AOT cache and
# opsdeck_g1_opts, it restarts Opsdeck in 5.3 s against 6.5 s on 17 and serves the API at 1.4x the requests/s with the
# same p99 (issue 8, round 15: docs/benchmarks.md, "6. API and 7. Start-up, fifteenth round"). A JAVA_HOME is never
# overridden.
opsdeck_run_java() {
  local jvm_dir="${OPSDECK_JVM_DIR:-/usr/lib/jvm}" candidate major best="" best_major=0
  if [ -n "${OPSDECK_JAVA:-}" ]; then
    echo "$OPSDECK_JAVA"
    return
  elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  if [ "$(_opsdeck_java_major java)" -ge 25 ]; then
    echo java
    return
  fi
  for candidate in "$jvm_dir"/*/bin/java; do
    [ -x "$candidate" ] && [ -x "$(dirname "$candidate")/javac" ] || continue
    major="$(_opsdeck_java_major "$candidate")"
    if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  echo "${best:-java}"
}

# Prints the G1 options Opsdeck runs with on every java, under scripts/run.sh's default options, the Docker image's and
# the benchmark's (bench/perf/bench.py). -XX:-ClassUnloadingWithConcurrentMark: G1's Remark pause does not unload
# classes. That unloading was 90 % of each Remark (tens of ms on an idle machine, up to 370 ms on a loaded one), and
# Java 25's G1 starts a concurrent cycle, so a Remark, every few seconds under the API's load: p99 70-78 ms on 25
# against 21 ms on 17 (issue 8, round 15: docs/benchmarks.md, "6. API and 7. Start-up, fifteenth round"). Classes
# are still unloaded, by the full collection G1 runs when the metaspace reaches its threshold. On Java 20+, with no
# code cache sweeper, cold compiled code is freed only by collections that unload classes: a "CodeCache is full"
# warning in the log would be the sign to drop the option (OPSDECK_JAVA_OPTS); not seen in the benchmarks.
# -XX:MetaspaceSize=160m: the start (Opsdeck's metaspace is 75-115 MB once up) crosses no metaspace threshold,
# where the default of ~21 MB made G1 collect 3-4 times for it during the start (full collections, without the
# concurrent class unloading). The metaspace still grows as needed; it is not a limit.
opsdeck_g1_opts() {
  echo "-XX:-ClassUnloadingWithConcurrentMark -XX:MetaspaceSize=160m"
}

# Prints the JIT option Opsdeck runs with on every java, under scripts/run.sh's default options, the Docker image's and
# the benchmark's (bench/perf/bench.py). -XX:Tier4BackEdgeThreshold=120000 (3x the default 40000): C2 compiles a
# method in the middle of a running loop (on-stack replacement) only after 3x as many loop iterations. During the
# start, C2's largest compiles were such loop compiles of one-time code (the JDK's class-file writer, Spring's bean
# type look-ups and annotation scans), most of them compiled again whole right after; with the option a restart
# used 6-8 % less CPU and was ready 0.4 s sooner in 7 of 7 alternating pairs on 2 cores. Methods are still compiled
# by C2 as often as before when they are called often; only the loop entry waits longer (issue 8, "7. Start-up,
# seventeenth round" in docs/benchmarks.md, with the SSH and API scenarios measured with it).
opsdeck_jit_opts() {
  echo "-XX:Tier4BackEdgeThreshold=120000"
}

# Prints scripts/run.sh's default JVM options (OPSDECK_JAVA_OPTS replaces them): 1 GB heap, G1, a heap that G1 gives
# back when idle (-XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 -XX:G1PeriodicGCInterval=5000), opsdeck_g1_opts
# and opsdeck_jit_opts. Without -XX:TrimNativeHeapInterval, which run.sh adds where the java knows it.
opsdeck_java_opts() {
  echo "-Xmx1g -XX:+UseG1GC -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 -XX:G1PeriodicGCInterval=5000 $(opsdeck_g1_opts) $(opsdeck_jit_opts)"
}

# Points JAVA_HOME and PATH at the JDK of opsdeck_run_java when that java sits in a JDK (javac beside it), so Maven
# builds and tests on the java Opsdeck runs on. This matters beyond the tests: Spring AOT (process-aot) decides
# Spring Boot's conditions with the building JVM, so a jar built on Java 21+ has Tomcat's virtual threads in its AOT
# bean definitions and cannot start with -Dspring.aot.enabled=true on Java 17. Leaves both alone when the java is
# not in a JDK (e.g. OPSDECK_JAVA names a JRE).
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

#!/usr/bin/env bash
# Disposable Debian hosts for the provisioning playbook tests (src/test/java/io/opsdeck/support/ProvisioningTestHost).
# Root only. Like the patching testbed (src/test/resources/patching/testbed.sh) but with its own base, which already
# holds every package the provisioning roles install: the host's network namespace reaches nothing but the test, so
# apt inside it cannot download anything.
#
#   testbed.sh base BASE           builds BASE once (a marker file says it is complete): a debootstrap'd bookworm
#                                  (minbase) plus PACKAGES below, installed from deb.debian.org while building (no
#                                  service is started: policy-rc.d says no while installing). Afterwards apt sees only
#                                  an empty local repository (file:/srv/opsdeck-repo), so `apt-get update` and
#                                  `apt: state=present` work offline and nothing is ever downloaded by a test.
#   testbed.sh up BASE WORK N      host N (0-9): an overlay of BASE in WORK/root (every host starts from the same
#                                  state and BASE stays clean), /proc and a private /dev/pts mounted, network
#                                  namespace opsdeck-prov-N with a veth pair (host side 10.127.5N.1, namespace
#                                  10.127.5N.2, nothing routed further), keys in WORK (client_key: root's key;
#                                  known_hosts). The caller starts sshd itself:
#                                    ip netns exec opsdeck-prov-N chroot WORK/root /usr/sbin/sshd -D -e \
#                                      -f /etc/ssh/opsdeck_sshd_config
#                                  (its own config: the roles rewrite /etc/ssh/sshd_config, the test's door stays).
#                                  Sessions get SYSTEMD_OFFLINE=1: no systemd runs in the host, so systemctl works
#                                  offline (enable/disable/is-enabled change unit symlinks for real; start, restart,
#                                  reload and show print "Running in chroot, ignoring command" and succeed), and
#                                  Ansible's systemd module warns "Target is a chroot or systemd is offline".
#   testbed.sh down WORK N         undoes up (idempotent) and removes WORK.
#
# Index ranges used by the tests (namespaces must not collide when test classes run one after another or in
# parallel): 0-3 roles (provisioning), 4-6 application/failover, 7-9 control plane.
set -euo pipefail

BASE_VERSION=1   # bump when the base or PACKAGES change, so a stale cache is rebuilt

# What the roles install, preinstalled (common, ssl, monitoring, failover, django; docker only in check mode).
PACKAGES=(
  openssh-server python3 python3-apt python3-debian python3-systemd sudo acl
  ufw fail2ban unattended-upgrades apt-listchanges
  caddy prometheus-node-exporter keepalived
  git curl ca-certificates gnupg systemd iproute2 procps cron rsync openssl lsb-release
)

die() { echo "testbed: $*" >&2; exit 1; }

cmd_base() {
  local base="$1" tmp
  [ -f "$base/.opsdeck-provision-base-v$BASE_VERSION" ] && return 0
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  command -v apt-ftparchive >/dev/null || die "apt-ftparchive is not installed (apt-get install apt-utils)"
  tmp="$base.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$(dirname "$base")"
  debootstrap --variant=minbase --include=openssh-server,python3 bookworm "$tmp" http://deb.debian.org/debian \
    > "$tmp.log" 2>&1 || { tail -n 30 "$tmp.log" >&2; die "debootstrap failed"; }
  cat > "$tmp/etc/apt/sources.list" <<'SOURCES'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
  printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
  chmod 0755 "$tmp/usr/sbin/policy-rc.d"
  mount -t proc proc "$tmp/proc"
  local rc=0
  { chroot "$tmp" apt-get -q update && DEBIAN_FRONTEND=noninteractive chroot "$tmp" apt-get -q -y \
      --no-install-recommends install "${PACKAGES[@]}"; } >> "$tmp.log" 2>&1 || rc=$?
  # daemons a postinst may have started anyway (policy-rc.d covers invoke-rc.d and deb-systemd-invoke)
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$tmp" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
  done
  umount -l "$tmp/proc"
  [ "$rc" -eq 0 ] || { tail -n 30 "$tmp.log" >&2; die "installing the roles' packages failed"; }
  rm -f "$tmp.log" "$tmp/usr/sbin/policy-rc.d"
  local r="$tmp/srv/opsdeck-repo"
  mkdir -p "$r"
  (cd "$r" && apt-ftparchive packages . > Packages && gzip -9nk Packages &&
    apt-ftparchive -o APT::FTPArchive::Release::Origin=Opsdeck -o APT::FTPArchive::Release::Suite=bookworm \
      -o APT::FTPArchive::Release::Codename=bookworm release . > Release)
  rm -f "$tmp/etc/apt/sources.list" "$tmp"/etc/apt/sources.list.d/*
  echo 'deb [trusted=yes] file:/srv/opsdeck-repo ./' > "$tmp/etc/apt/sources.list"
  chroot "$tmp" apt-get -q update >/dev/null
  chroot "$tmp" apt-get clean
  mkdir -p "$tmp/run/sshd" "$tmp/root/.ssh"
  chmod 0700 "$tmp/root/.ssh"
  touch "$tmp/.opsdeck-provision-base-v$BASE_VERSION"
  rm -rf "$base"
  mv "$tmp" "$base"
}

cmd_up() {
  local base="$1" work="$2" n="$3" ns="opsdeck-prov-$3" root="$2/root"
  [ -f "$base/.opsdeck-provision-base-v$BASE_VERSION" ] || die "$base is not built (testbed.sh base $base)"
  cmd_down "$work" "$n" 2>/dev/null || true
  mkdir -p "$work/upper" "$work/overlay-work" "$root"
  mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
  mount -t proc proc "$root/proc"
  # ssh sessions get a pty (Ansible asks for one): a private devpts instance
  mkdir -p "$root/dev/pts"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
  rm -f "$root/dev/ptmx" && ln -s pts/ptmx "$root/dev/ptmx"
  ip netns add "$ns"
  ip link add "opkv${n}h" type veth peer name "opkv${n}n"
  ip link set "opkv${n}n" netns "$ns"
  ip addr add "10.127.5$n.1/30" dev "opkv${n}h"
  ip link set "opkv${n}h" up
  ip netns exec "$ns" ip addr add "10.127.5$n.2/30" dev "opkv${n}n"
  ip netns exec "$ns" ip link set "opkv${n}n" up
  ip netns exec "$ns" ip link set lo up
  ssh-keygen -q -t ed25519 -N '' -C opsdeck-test-host -f "$root/etc/ssh/opsdeck_host_key"
  ssh-keygen -q -t ed25519 -N '' -C opsdeck-test-client -f "$work/client_key"
  install -m 0600 "$work/client_key.pub" "$root/root/.ssh/authorized_keys"
  cat > "$root/etc/ssh/opsdeck_sshd_config" <<CONFIG
ListenAddress 10.127.5$n.2:22
HostKey /etc/ssh/opsdeck_host_key
PidFile none
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
LogLevel VERBOSE
SetEnv SYSTEMD_OFFLINE=1
CONFIG
  echo "10.127.5$n.2 $(cut -d' ' -f1,2 "$root/etc/ssh/opsdeck_host_key.pub")" > "$work/known_hosts"
}

cmd_down() {
  local work="$1" n="$2" ns="opsdeck-prov-$2" root="$1/root"
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip link del "opkv${n}h" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  mountpoint -q "$root/dev/pts" 2>/dev/null && umount -l "$root/dev/pts"
  mountpoint -q "$root/proc" 2>/dev/null && umount -l "$root/proc"
  mountpoint -q "$root" 2>/dev/null && umount -l "$root"
  rm -rf "$work"
}

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, mount, ip netns)"
case "${1:-}" in
  base) # one build at a time (scripts/test.sh starts it in the background while Maven compiles); a second caller
        # waits for the first and then finds the base built
        mkdir -p "$(dirname "$2")"; exec 9>"$2.lock"; flock 9; cmd_base "$2" ;;
  up) cmd_up "$2" "$3" "$4" ;;
  down) cmd_down "$2" "$3" ;;
  *) die "usage: testbed.sh base BASE | up BASE WORK N | down WORK N" ;;
esac

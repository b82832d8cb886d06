#!/usr/bin/env bash
# Disposable Debian hosts for the security-updates playbook tests (src/test/java/io/opsdeck/patching). Root only.
#
#   testbed.sh base BASE           builds BASE once (a marker file says it is complete): a debootstrap'd bookworm
#                                  (minbase, openssh-server, python3) with a local apt repository in /srv/opsdeck-repo
#                                  and its packages at version 1.0 installed; the repository offers 1.1 of each:
#                                    opsdeck-sec   suite bookworm-security, label Debian-Security (a security
#                                                  pocket); 1.1 names CVE-2099-0001 in its changelog and its postinst
#                                                  asks for a reboot like real packages do
#                                    opsdeck-misc  suite bookworm, label Debian (not security)
#                                    opsdeck-extra a third package (1.1 only in the pool, not in the repository),
#                                                  used to leave dpkg interrupted (unpacked, not configured)
#                                  apt sees only that repository, so no test downloads real upgrades.
#   testbed.sh up BASE WORK N      host N (0-9): an overlay of BASE in WORK/root (so every host starts from the same
#                                  state and BASE stays clean), /proc mounted, network namespace opsdeck-patch-N with a
#                                  veth pair (host 10.127.4N.1, namespace 10.127.4N.2, nothing routed further), a
#                                  private /dev/pts (Ansible's ssh sessions ask for a pty), sshd
#                                  keys in WORK (client_key, known_hosts). The caller starts sshd itself:
#                                    ip netns exec opsdeck-patch-N chroot WORK/root /usr/sbin/sshd -D -e \
#                                      -f /etc/ssh/opsdeck_sshd_config
#   testbed.sh down WORK N         undoes up (idempotent) and removes WORK.
set -euo pipefail

BASE_VERSION=1   # bump when the base changes, so a stale cache is rebuilt

die() { echo "testbed: $*" >&2; exit 1; }

# build_deb OUT NAME VERSION [postinst-body] [changelog-extra-line]
build_deb() {
  local out="$1" name="$2" version="$3" postinst="${4:-}" extra="${5:-}" dir
  dir=$(mktemp -d)
  mkdir -p "$dir/DEBIAN" "$dir/usr/share/doc/$name" "$dir/usr/share/$name"
  cat > "$dir/DEBIAN/control" <<EOF
Package: $name
Version: $version
Architecture: all
Maintainer: Opsdeck tests <tests@opsdeck.invalid>
Priority: optional
Section: misc
Description: Opsdeck test package $name
 A tiny package for the security-updates playbook tests.
EOF
  echo "$name $version" > "$dir/usr/share/$name/version"
  {
    if [ "$version" != 1.0 ]; then
      printf '%s (%s) bookworm; urgency=high\n\n  * Fix things.\n' "$name" "$version"
      [ -z "$extra" ] || printf '  * %s\n' "$extra"
      printf '\n -- Opsdeck tests <tests@opsdeck.invalid>  Mon, 30 Nov 2026 02:00:00 +0000\n\n'
    fi
    printf '%s (1.0) bookworm; urgency=low\n\n  * Initial release (mentions CVE-2099-0009, fixed long ago).\n\n' "$name"
    printf ' -- Opsdeck tests <tests@opsdeck.invalid>  Sun, 01 Nov 2026 02:00:00 +0000\n'
  } | gzip -9n > "$dir/usr/share/doc/$name/changelog.Debian.gz"
  if [ -n "$postinst" ]; then
    printf '#!/bin/sh\nset -e\n%s\n' "$postinst" > "$dir/DEBIAN/postinst"
    chmod 0755 "$dir/DEBIAN/postinst"
  fi
  dpkg-deb --root-owner-group -Zgzip --build "$dir" "$out/${name}_${version}_all.deb" >/dev/null
  rm -rf "$dir"
}

# repo DIR SUITE LABEL: a flat repository (deb [trusted=yes] file:DIR ./) with a Release saying SUITE and LABEL
repo() {
  local dir="$1" suite="$2" label="$3"
  (cd "$dir" && apt-ftparchive packages . > Packages && gzip -9nk Packages &&
    apt-ftparchive -o APT::FTPArchive::Release::Origin=Debian -o APT::FTPArchive::Release::Label="$label" \
      -o APT::FTPArchive::Release::Suite="$suite" -o APT::FTPArchive::Release::Codename="$suite" \
      -o APT::FTPArchive::Release::Version=12 release . > Release)
}

cmd_base() {
  local base="$1" tmp
  [ -f "$base/.opsdeck-base-v$BASE_VERSION" ] && return 0
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  command -v apt-ftparchive >/dev/null || die "apt-ftparchive is not installed (apt-get install apt-utils)"
  tmp="$base.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$(dirname "$base")"
  debootstrap --variant=minbase --include=openssh-server,python3 bookworm "$tmp" http://deb.debian.org/debian \
    > "$tmp.log" 2>&1 || { tail -n 30 "$tmp.log" >&2; die "debootstrap failed"; }
  rm -f "$tmp.log"
  local r="$tmp/srv/opsdeck-repo"
  mkdir -p "$r/pool" "$r/security" "$r/main"
  local reboot='touch /var/run/reboot-required; echo opsdeck-sec >> /var/run/reboot-required.pkgs'
  for v in 1.0 1.1; do
    build_deb "$r/pool" opsdeck-sec "$v" "$([ "$v" = 1.1 ] && echo "$reboot")" \
      "$([ "$v" = 1.1 ] && echo 'Fix CVE-2099-0001: a made-up flaw.')"
    build_deb "$r/pool" opsdeck-misc "$v"
    build_deb "$r/pool" opsdeck-extra "$v"
  done
  cp "$r/pool/opsdeck-sec_1.1_all.deb" "$r/security/"
  cp "$r/pool/opsdeck-misc_1.1_all.deb" "$r/main/"
  repo "$r/security" bookworm-security Debian-Security
  repo "$r/main" bookworm Debian
  chroot "$tmp" dpkg -i /srv/opsdeck-repo/pool/opsdeck-sec_1.0_all.deb /srv/opsdeck-repo/pool/opsdeck-misc_1.0_all.deb \
    /srv/opsdeck-repo/pool/opsdeck-extra_1.0_all.deb >/dev/null
  rm -f "$tmp/etc/apt/sources.list" "$tmp"/etc/apt/sources.list.d/*
  cat > "$tmp/etc/apt/sources.list" <<'EOF'
deb [trusted=yes] file:/srv/opsdeck-repo/security ./
deb [trusted=yes] file:/srv/opsdeck-repo/main ./
EOF
  chroot "$tmp" apt-get -q update >/dev/null
  chroot "$tmp" apt-get clean
  rm -f "$tmp/var/run/reboot-required" "$tmp/var/run/reboot-required.pkgs"
  mkdir -p "$tmp/run/sshd" "$tmp/root/.ssh"
  chmod 0700 "$tmp/root/.ssh"
  touch "$tmp/.opsdeck-base-v$BASE_VERSION"
  rm -rf "$base"
  mv "$tmp" "$base"
}

cmd_up() {
  local base="$1" work="$2" n="$3" ns="opsdeck-patch-$3" root="$2/root"
  [ -f "$base/.opsdeck-base-v$BASE_VERSION" ] || die "$base is not built (testbed.sh base $base)"
  cmd_down "$work" "$n" 2>/dev/null || true
  mkdir -p "$work/upper" "$work/overlay-work" "$root"
  mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
  mount -t proc proc "$root/proc"
  # ssh sessions get a pty (Ansible asks for one): a private devpts instance
  mkdir -p "$root/dev/pts"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
  rm -f "$root/dev/ptmx" && ln -s pts/ptmx "$root/dev/ptmx"
  ip netns add "$ns"
  ip link add "opkp${n}h" type veth peer name "opkp${n}n"
  ip link set "opkp${n}n" netns "$ns"
  ip addr add "10.127.4$n.1/30" dev "opkp${n}h"
  ip link set "opkp${n}h" up
  ip netns exec "$ns" ip addr add "10.127.4$n.2/30" dev "opkp${n}n"
  ip netns exec "$ns" ip link set "opkp${n}n" up
  ip netns exec "$ns" ip link set lo up
  ssh-keygen -q -t ed25519 -N '' -C opsdeck-test-host -f "$root/etc/ssh/opsdeck_host_key"
  ssh-keygen -q -t ed25519 -N '' -C opsdeck-test-client -f "$work/client_key"
  install -m 0600 "$work/client_key.pub" "$root/root/.ssh/authorized_keys"
  cat > "$root/etc/ssh/opsdeck_sshd_config" <<EOF
ListenAddress 10.127.4$n.2:22
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
EOF
  echo "10.127.4$n.2 $(cut -d' ' -f1,2 "$root/etc/ssh/opsdeck_host_key.pub")" > "$work/known_hosts"
}

cmd_down() {
  local work="$1" n="$2" ns="opsdeck-patch-$2" root="$1/root"
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip link del "opkp${n}h" 2>/dev/null || true
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

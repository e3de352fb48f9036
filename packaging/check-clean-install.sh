#!/usr/bin/env bash
# Installs the .deb into a fresh Debian 12 (minbase, no JDK) and uses it there as a user would: `pentimento generate`
# from a terminal as an ordinary user, then the studio under Xvfb with a screenshot. CI does not run this: it needs
# root, debootstrap and about 5 minutes of downloads.
#
#   sudo packaging/check-clean-install.sh [DEB] [WORKDIR]
#     DEB      default target/jpackage/dist/pentimento_*_amd64.deb (mvn -Ppackage,installer -DskipTests package)
#     WORKDIR  default /var/tmp/pentimento-check; the chroot is kept in WORKDIR/root for a second run
# Writes WORKDIR/cat.png (made inside the chroot) and WORKDIR/studio-*.png (the studio under Xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
here="$(pwd)"
deb="${1:-$(ls target/jpackage/dist/pentimento_*_amd64.deb | head -1)}"
work="${2:-/var/tmp/pentimento-check}"
root="$work/root"
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap and chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap

if [ ! -x "$root/bin/sh" ]; then
  mkdir -p "$work"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
mountpoint -q "$root/dev" || mount --bind /dev "$root/dev"
trap 'umount -l "$root/proc" 2>/dev/null; umount -l "$root/dev" 2>/dev/null; true' EXIT
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

echo "== no Java in the chroot before installing:"
in_root sh -c 'command -v java || echo "no java on PATH"; ls /usr/lib/jvm 2>/dev/null || echo "no /usr/lib/jvm"'

echo "== apt installs the package and what its Depends name:"
cp "$deb" "$root/tmp/pentimento.deb"
in_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends /tmp/pentimento.deb >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }'
in_root sh -c 'dpkg -s pentimento | grep -E "^(Status|Version|Installed-Size)"; command -v java || echo "still no java on PATH";
    ls -l /usr/bin/pentimento; ls /usr/share/applications/pentimento.desktop; touch /tmp/installed'

echo "== pentimento generate, as an ordinary user:"
in_root sh -c 'userdel -r painter 2>/dev/null; useradd -m painter'  # a fresh user: a true first start
in_root su painter -c 'cd ~ && pentimento generate --prompt "cat face" --seed 1 --out cat.png 2>gen.log;
    tail -1 gen.log; od -An -tu1 -j16 -N8 cat.png | awk "{print \"size:\", \$3*256+\$4, \"x\", \$7*256+\$8}";
    ls ~/.cache/pentimento/ort | head -2'
cp "$root/home/painter/cat.png" "$work/cat.png"
echo "== nothing written under /opt/pentimento since installing:"
in_root sh -c 'find /opt/pentimento -newer /tmp/installed -print | head -5; echo "(end of list)"'

echo "== the studio under Xvfb:"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null'
# The capture program is compiled here and run on the package's own runtime (it has java.desktop for the robot).
mkdir -p "$root/tmp/capture"
javac -d "$root/tmp/capture" "$here/packaging/StudioCapture.java"
in_root su painter -c 'xvfb-run -a -s "-screen 0 1440x900x24" sh -c "
    pentimento & app=\$!
    /opt/pentimento/lib/runtime/bin/java -cp /tmp/capture StudioCapture /tmp 25000 20000
    kill \$app"'
cp "$root"/tmp/studio-*.png "$work"/
echo "== done: $work/cat.png, $work/studio-first-start.png, $work/studio-generated.png"

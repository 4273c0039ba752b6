#!/usr/bin/env bash
# Builds dist/habeas_VERSION_ARCH.deb with Debian's own dpkg-deb from the release folder that
# scripts/release.sh made (run that first). Installs the program under /usr/lib/habeas with its
# resource folders, /usr/bin/habeas, a `habeas` system user, a hardened systemd unit, a data
# directory /var/lib/habeas (0700) and /etc/habeas/habeas.conf. Removing the package keeps the
# data; purging it deletes the data directory and the user.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/.*static let version = "\(.*\)"/\1/p' Sources/habeas/Generated/BuildInfo.swift)
case "$(uname -m)" in x86_64) arch=x86_64; debarch=amd64 ;; aarch64|arm64) arch=arm64; debarch=arm64 ;; *) echo "unsupported machine $(uname -m)" >&2; exit 2 ;; esac
stage="dist/habeas-$version-linux-$arch"
[ -x "$stage/habeas" ] || { echo "$stage/habeas is missing: run scripts/release.sh first" >&2; exit 2; }

root=$(mktemp -d)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT
install -d -m 0755 "$root/DEBIAN" "$root/usr/lib/habeas" "$root/usr/bin" "$root/lib/systemd/system" \
    "$root/etc/habeas" "$root/usr/share/doc/habeas/examples"
install -m 0755 "$stage/habeas" "$root/usr/lib/habeas/habeas"
for bundle in "$stage"/*.resources; do cp -R "$bundle" "$root/usr/lib/habeas/"; done
chmod -R u=rwX,go=rX "$root/usr/lib/habeas"
ln -s ../lib/habeas/habeas "$root/usr/bin/habeas"
install -m 0644 packaging/habeas.service "$root/lib/systemd/system/habeas.service"
install -m 0640 packaging/habeas.conf "$root/etc/habeas/habeas.conf"
install -m 0644 "$stage/README.md" "$root/usr/share/doc/habeas/README.md"
install -m 0644 LICENSE "$root/usr/share/doc/habeas/copyright"
install -m 0644 "$stage"/examples/*.yaml "$root/usr/share/doc/habeas/examples/"

cat > "$root/DEBIAN/control" <<CONTROL
Package: habeas
Version: $version
Architecture: $debarch
Maintainer: Habeas maintainers <maintainers@habeas.invalid>
Depends: adduser, libc6, libstdc++6, zlib1g
Recommends: libreoffice-writer-nogui
Section: web
Priority: optional
Homepage: https://habeas.invalid
Description: cases of arbitrary detention before the UN Working Group
 Habeas records each detainee's case as a structured, versioned file, derives
 what the timeline proves, assesses it against the Working Group on Arbitrary
 Detention's five categories, drafts the petition and tracks the procedure.
 This package runs it as a hardened systemd service on 127.0.0.1:8080.
CONTROL
echo "/etc/habeas/habeas.conf" > "$root/DEBIAN/conffiles"

cat > "$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if ! getent passwd habeas >/dev/null; then
        adduser --system --group --home /var/lib/habeas --no-create-home --shell /usr/sbin/nologin habeas >/dev/null
    fi
    install -d -m 0700 -o habeas -g habeas /var/lib/habeas
    # The master key is made once, here, and never replaced by an upgrade.
    if [ ! -e /etc/habeas/master.key ]; then
        /usr/bin/habeas keys init --key-file /etc/habeas/master.key >/dev/null
    fi
    chown habeas:habeas /etc/habeas/master.key
    chmod 0600 /etc/habeas/master.key
    chown root:habeas /etc/habeas/habeas.conf
    chmod 0640 /etc/habeas/habeas.conf
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null || true
        systemctl enable habeas.service >/dev/null || true
    fi
fi
exit 0
SCRIPT
cat > "$root/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
    systemctl stop habeas.service >/dev/null 2>&1 || true
    systemctl disable habeas.service >/dev/null 2>&1 || true
fi
exit 0
SCRIPT
cat > "$root/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
# The cases are kept on remove; only purge deletes them.
if [ "$1" = purge ]; then
    rm -rf /var/lib/habeas /etc/habeas
    if getent passwd habeas >/dev/null; then deluser --system habeas >/dev/null 2>&1 || true; fi
    if getent group habeas >/dev/null; then delgroup --system habeas >/dev/null 2>&1 || true; fi
fi
if [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null 2>&1 || true; fi
exit 0
SCRIPT
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"
out="dist/habeas_${version}_${debarch}.deb"
dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "$out"

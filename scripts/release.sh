#!/usr/bin/env bash
# Builds the release archive for this machine's architecture:
#   dist/habeas-VERSION-linux-ARCH.tar.gz and its .sha256
# holding the binary (Swift's standard library and Foundation linked in), the resource folders it
# reads beside itself, the demo cases as examples, LICENSE, a README for users and SHA256SUMS.
# The folder works wherever it is copied; only the C library and a few system libraries (glibc,
# libstdc++, zlib) come from the machine. Usage: scripts/release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
info=Sources/habeas/Generated/BuildInfo.swift
version=$(sed -n 's/.*static let version = "\(.*\)"/\1/p' "$info")
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit+changes"
case "$(uname -m)" in x86_64) arch=x86_64 ;; aarch64|arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
name="habeas-$version-linux-$arch"

# The commit goes into the binary for `habeas --version`; the file is restored afterwards.
saved=$(mktemp)
cp "$info" "$saved"
trap 'cp "$saved" "$info"; rm -f "$saved"' EXIT
sed -i "s/static let commit = \".*\"/static let commit = \"$commit\"/" "$info"
swift build -c release --static-swift-stdlib --product habeas
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)

stage="dist/$name"
rm -rf "$stage" "dist/$name.tar.gz" "dist/$name.tar.gz.sha256"
mkdir -p "$stage/examples"
install -m 0755 "$bin/habeas" "$stage/habeas"
strip "$stage/habeas" 2>/dev/null || true
for bundle in "$bin"/*.resources; do cp -R "$bundle" "$stage/"; done
cp Sources/HabeasServer/Demo/*.yaml "$stage/examples/"
cp LICENSE "$stage/LICENSE"
cp packaging/README-users.md "$stage/README.md"
(cd "$stage" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)
tar -C dist -czf "dist/$name.tar.gz" "$name"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "dist/$name.tar.gz"

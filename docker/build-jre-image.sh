#!/usr/bin/env bash
# Builds a Java 17 runtime image from Debian bookworm's packages (debootstrap minbase + openjdk-17-jre-headless), the
# base that .ci/run gives the project's Dockerfile where no registry can be reached:
#
#   docker/build-jre-image.sh [IMAGE]                  # default miglint/debian-jre:17
#   docker build --build-arg BASE=miglint/debian-jre:17 -t miglint .
#
# Skipped when IMAGE exists (MIGLINT_REBUILD=1 redoes it). Needs root, debootstrap and a running Docker engine;
# about three minutes.
set -euo pipefail
image="${1:-miglint/debian-jre:17}"
if [ "${MIGLINT_REBUILD:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image is present"
  exit 0
fi
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
root=$(mktemp -d)
trap 'rm -rf "$root" "$root.log"' EXIT
echo "building $image from Debian bookworm's openjdk-17-jre-headless (debootstrap) ..." >&2
debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$mirror" > "$root.log" 2>&1 \
  || { tail -20 "$root.log" >&2; exit 1; }
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import --change 'ENV LANG=C.UTF-8' - "$image" >/dev/null
echo "built $image"

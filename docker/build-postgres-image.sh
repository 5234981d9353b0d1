#!/usr/bin/env bash
# Builds a PostgreSQL image from Debian's own packages, for `miglint verify --engine docker --image NAME` where no
# registry can be reached (an air-gapped runner) or where the image's provenance must be Debian's archive.
#
#   docker/build-postgres-image.sh [MAJOR] [IMAGE]    # default: 15 miglint/postgres:MAJOR
#
# MAJOR picks the Debian release that ships it: 13 bullseye, 15 bookworm, 17 trixie. Two steps, each kept by the
# Docker engine: the root file system from debootstrap (minbase + postgresql-MAJOR), imported once as
# miglint/debian-postgres-rootfs:MAJOR (about three minutes), then IMAGE built on it with the entrypoint beside this
# script (the official image's POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB contract; seconds). Each step is skipped
# when its result is there and current (MIGLINT_REBUILD=1 redoes both). Needs root, debootstrap and a running Docker
# engine; no registry.
set -euo pipefail
major="${1:-15}"
image="${2:-miglint/postgres:$major}"
rootfs="miglint/debian-postgres-rootfs:$major"
here=$(cd "$(dirname "$0")" && pwd)
case "$major" in
  13) suite=bullseye ;;
  15) suite=bookworm ;;
  17) suite=trixie ;;
  *) echo "no Debian release ships PostgreSQL $major as its default (13, 15 or 17)" >&2; exit 2 ;;
esac
rebuild="${MIGLINT_REBUILD:-0}"

if [ "$rebuild" = 1 ] || ! docker image inspect "$rootfs" >/dev/null 2>&1; then
  mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  root=$(mktemp -d)
  trap 'rm -rf "$root" "$root.log"' EXIT
  echo "building $rootfs from Debian $suite's postgresql-$major (debootstrap) ..." >&2
  debootstrap --variant=minbase --include="postgresql-$major" "$suite" "$root" "$mirror" > "$root.log" 2>&1 \
    || { tail -20 "$root.log" >&2; exit 1; }
  # The package's postinst made a cluster of its own; the entrypoint makes the one a container uses.
  rm -rf "$root"/var/lib/postgresql/* "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import - "$rootfs" >/dev/null
fi

entrypoint_sha=$(sha256sum "$here/postgres-entrypoint.sh" | cut -c1-16)
current=$(docker image inspect -f '{{ index .Config.Labels "io.miglint.entrypoint" }}' "$image" 2>/dev/null || true)
if [ "$rebuild" != 1 ] && [ "$current" = "$entrypoint_sha" ]; then
  echo "$image is present"
  exit 0
fi
docker build -q -t "$image" -f - "$here" >/dev/null <<DOCKERFILE
FROM $rootfs
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
LABEL io.miglint.entrypoint=$entrypoint_sha
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE
echo "built $image"

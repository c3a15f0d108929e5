#!/bin/sh
# tests/install-deps.sh - installs the Debian packages that building and
# testing lineage need, when any is missing. Run by `make run` / `make test`.
set -eu

PACKAGES="gcc make pkg-config libigraph-dev libjansson-dev
libcurl4-openssl-dev zlib1g-dev libyaml-dev python3 time gzip graphviz
python3-networkx chromium fonts-dejavu-core python3-pil valgrind"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "lineage: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/bin/sh
# tests/install-deps.sh - installs the Debian packages that building and
# testing lineage need, when any is missing, then the CycloneDX validator
# the BOM tests use (tests/bom/setup.sh: npm packages pinned by its lock,
# into tests/bom/node_modules). Run by `make run` / `make test`.
set -eu

PACKAGES="gcc make pkg-config libigraph-dev libjansson-dev
libcurl4-openssl-dev zlib1g-dev libyaml-dev python3 time gzip graphviz
python3-networkx chromium fonts-dejavu-core python3-pil python3-rdflib
valgrind"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
# node and npm by command: a node from elsewhere (NodeSource) brings npm
# without Debian's npm package, which would conflict with it
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
	missing="$missing nodejs npm"

if [ -n "$missing" ]; then
	echo "lineage: installing:$missing" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
sh "$(dirname "$0")/bom/setup.sh"

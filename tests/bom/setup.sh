#!/bin/sh
# tests/bom/setup.sh - installs the official CycloneDX validator into
# tests/bom/node_modules: the npm package @cyclonedx/cyclonedx-library,
# which ships the CycloneDX JSON schemas, with the ajv it validates with,
# at the versions package-lock.json pins. Run by tests/install-deps.sh and
# tests/cli/bom.sh.
#
# Idempotent: nothing to do when node_modules holds what the lock names.
# Needs node and npm (tests/install-deps.sh installs them). Exits non-zero
# when the validator cannot be had, so that the BOM tests fail rather
# than skip.
set -eu
cd "$(dirname "$0")"
stamp=node_modules/.lineage-lock

if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
	exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
	echo "tests/bom/setup.sh: npm is missing (sh tests/install-deps.sh)" >&2
	exit 1
fi
npm ci --no-audit --no-fund --loglevel=error >&2
cp package-lock.json "$stamp"

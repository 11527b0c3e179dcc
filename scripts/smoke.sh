#!/usr/bin/env bash
# A smoke test of the built CLI on whatever Node is on PATH: build, --version, an autopilot drill.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
npm run build
node bin/cockpit.js --version
COCKPIT_DATA_DIR=$data node bin/cockpit.js drill runbooks/checkout-api.yaml --scenario bad-deploy --autopilot

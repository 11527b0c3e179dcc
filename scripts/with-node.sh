#!/usr/bin/env bash
# Runs a command with Node <major> first on PATH, installed from the npm registry (the `node`
# package ships the binary) into .cache/node-<major>/ the first time.
# Usage: scripts/with-node.sh 24 npm test
set -euo pipefail
major=$1
shift
dir="$(cd "$(dirname "$0")/.." && pwd)/.cache/node-$major"
bin="$dir/node_modules/node/bin"
if [ ! -x "$bin/node" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node@$major" >&2
fi
export PATH="$bin:$PATH"
actual=$(node --version)
case "$actual" in
  "v$major".*) echo "with Node $actual: $*" >&2 ;;
  *) echo "scripts/with-node.sh: wanted Node $major, PATH gives $actual" >&2; exit 1 ;;
esac
exec "$@"

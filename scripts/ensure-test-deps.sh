#!/usr/bin/env bash
# Installs what the test suite runs for real (Prometheus and promtool, tmux, PostgreSQL, kubectl) from Debian's
# packages when they are missing. As root it installs them; otherwise it stops with a clear message.
# moto_server (the ECS tests' independent AWS implementation) is no Debian package: when it is
# missing the script says how to get it and fails, after installing what it can.
set -euo pipefail

moto_missing=0
if ! command -v moto_server >/dev/null 2>&1; then
  echo "The ECS tests need moto_server (an independent AWS implementation), which is not on PATH." >&2
  echo "Install it from PyPI yourself (this script cannot):  pip install 'moto[server]'" >&2
  moto_missing=1
fi

packages=()
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
command -v tmux >/dev/null 2>&1 || packages+=(tmux)
# The shared-store tests start their own server with initdb/pg_ctl (not on PATH on Debian).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || packages+=(postgresql)
# kubectl checks the sandbox's Kubernetes endpoint; any kubectl on PATH will do (Debian's is 1.20).
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)

[ ${#packages[@]} -eq 0 ] && exit "$moto_missing"

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages, which are not installed: ${packages[*]}" >&2
  echo "Run the tests as root (they install them), or install them yourself:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need ${packages[*]} and this machine has no apt-get: install them with your package manager." >&2
  exit 1
fi

echo "Installing test dependencies: ${packages[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
exit "$moto_missing"

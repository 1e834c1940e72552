#!/usr/bin/env bash
# Installs what the collector needs beyond the Rust toolchain (scripts/setup.sh): PostgreSQL
# from Debian, for the tests against a real server. Idempotent: installs only what is missing.
# The Debian package's own cluster is not used: scripts/test-collector.sh runs a throw-away
# server of its own.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && command -v psql >/dev/null 2>&1; then
  log "PostgreSQL present ($(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1))"
else
  log "installing: apt postgresql"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq postgresql </dev/null
fi
if ! command -v runuser >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  die "runuser missing (package util-linux): needed to run PostgreSQL as user postgres"
fi

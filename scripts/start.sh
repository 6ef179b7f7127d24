#!/usr/bin/env bash
# README command 1: installs what is missing (tools, node_modules, build), then runs the whole system.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec node dist/scripts/start-local.js

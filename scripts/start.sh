#!/usr/bin/env bash
# README command 1: installs what is missing (tools, node_modules, build), then runs the whole system.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# A local run on the development secrets (config/index.ts accepts them only in development).
export NODE_ENV="${NODE_ENV:-development}"
exec node dist/scripts/start-local.js

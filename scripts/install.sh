#!/usr/bin/env bash
# Makes a clone ready to run: the real servers (scripts/setup-tools.sh), node_modules as locked, and
# the compiled build in dist/. Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-tools.sh
bash scripts/install-chromium.sh

# Install only when the lockfile or a patch of a dependency (patches/, applied by the postinstall
# script) changed since the last install of this clone. `npm install`, not `npm ci`: the registry
# mirror here lacks other platforms' optional binaries (e.g. @swc/core-darwin-arm64), which `npm ci`
# insists on; `npm install` follows the lock and skips them.
lock_hash=$(cat package-lock.json patches/*.patch | sha256sum | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm install --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi

npx tsc -p tsconfig.build.json
node dist/scripts/build-workflow-bundle.js

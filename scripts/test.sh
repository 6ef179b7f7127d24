#!/usr/bin/env bash
# README command 2: every check and every test. Lint, types, circular imports, then Jest: unit,
# workflow (time-skipping server) and integration tests on real Temporal, FerretDB, Redis and SMTP,
# which Jest's global setup starts on free ports and stops at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests run on the development secrets, accepted only with NODE_ENV=development (config/index.ts).
export NODE_ENV=development

bash scripts/install.sh
echo "== lint";  npx eslint --max-warnings=0 .
echo "== types"; npx tsc --noEmit -p tsconfig.json
echo "== circular imports"
npx madge --circular --extensions ts --ts-config tsconfig.json \
  activities api bench config contracts customers db domain email logging orders recovery redis scripts security sessions stack temporal workers workflows
echo "== tests"; npx jest "$@"

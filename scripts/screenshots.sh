#!/usr/bin/env bash
# Screenshots of each step of the customer pages, in Italian and English, into docs/screens/: the
# browser tests (test/pages/) run on the real stack and save what each page shows.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
rm -rf docs/screens
PAGE_SCREENSHOTS="$PWD/docs/screens" npx jest test/pages

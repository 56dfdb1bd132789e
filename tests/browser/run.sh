#!/usr/bin/env bash
# Runs the browser tests (the chat widget and the admin console in Debian's
# Chromium, driven by Playwright) against a careerbot binary:
#   tests/browser/run.sh [path/to/careerbot]     (default build/release)
# Installs the pinned npm packages first (npm ci, from package-lock.json).
# Screenshots for the README land in docs/images/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CAREERBOT_BIN="$(realpath "${1:-$root/build/release/bot/app/careerbot}")"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
node --test --test-concurrency=1 --test-reporter=spec *.test.mjs

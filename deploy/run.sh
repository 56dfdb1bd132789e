#!/usr/bin/env bash
# Installs what is missing, builds an optimised careerbot, and serves the
# bundled knowledge base on http://127.0.0.1:8080 (Ctrl-C or SIGTERM stops it).
# Extra arguments go to `careerbot serve`, e.g. --port 9000 or --config FILE.
# Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target careerbot
exec build/release/bot/app/careerbot serve "$@"

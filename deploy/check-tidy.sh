#!/usr/bin/env bash
# Runs clang-tidy (.clang-tidy) over the project's sources and fails on any
# finding. It needs only compile commands: build/tidy is configured (not
# built) without precompiled headers, which clang cannot read from GCC.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/tidy -G Ninja -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON >/dev/null
# Our sources only (anchored at the checkout: not the generated web_assets.cpp).
run-clang-tidy -quiet -p build/tidy -j "$(nproc)" \
  "^$PWD/(knowledge/.*\.cpp|handlers/.*\.cpp|bot/[a-z_]+\.cpp|bot/crypto/.*\.cpp|bot/app/.*\.cpp|bot/net/(http_server|https_client|smtp_server|smtp_client|websocket_session)\.cpp)\$"

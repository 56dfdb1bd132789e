#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite: first the
# optimised build with warnings as errors (GCC), then the same tests under
# AddressSanitizer and UndefinedBehaviorSanitizer (clang), whose build also
# holds the fuzz targets, each run briefly; the browser tests run against the
# first build. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh

echo "== format check"
bash deploy/check-format.sh

echo "== build and test (preset ci: -O2, -Werror)"
cmake --preset ci
cmake --build --preset ci
ctest --preset ci

echo "== browser tests (Chromium + Playwright: the widget and the console)"
bash tests/browser/run.sh build/ci/bot/app/careerbot

echo "== clang-tidy"
bash deploy/check-tidy.sh

echo "== build and test (preset asan: clang, AddressSanitizer + UBSan)"
cmake --preset asan
cmake --build --preset asan
ctest --preset asan

echo "== fuzz (20 s per target, same build)"
bash deploy/fuzz.sh 20

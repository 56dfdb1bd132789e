#!/usr/bin/env bash
# Installs every Debian 12 package that careerbot needs to build, run, test and
# benchmark. Idempotent: packages already present are left alone, and apt is
# only asked when something is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ccache
  # libraries (SPEC section 1)
  libboost1.81-dev libssl-dev nlohmann-json3-dev catch2 libsqlite3-dev
  libgmime-3.0-dev libstemmer-dev libcli11-dev libspdlog-dev libfmt-dev
  # knowledge-base bundle and the publishers' formats: zstd, zip, xlsx XML
  libzstd-dev libzip-dev libpugixml-dev zip zstd
  # the shared store of several instances: libpq, and PostgreSQL 15 for its tests
  libpq-dev postgresql-15
  # serving the web pages gzip-compressed
  zlib1g-dev
  # the learned intent classifier; everyday English words, never taken for misspellings
  libfasttext-dev wamerican
  # code health
  clang-format clang-tidy
  # fuzzing (deploy/fuzz.sh): clang with libFuzzer's runtime
  clang libclang-rt-14-dev
  # tests and benchmarks: real clients and peers
  curl python3 openssl procps bc wrk hyperfine
  # the reverse proxy of deploy/nginx, in front of careerbot in the framing test
  nginx
  # email peers: an SMTP client, a real SMTP server for replies, smtp-sink
  swaks libnet-ssleay-perl python3-aiosmtpd postfix
  # browser tests of the widget and the console (Playwright drives Chromium)
  chromium fonts-dejavu-core
)
# Node.js and npm run the browser tests; the machine's own are used when
# present, Debian's otherwise.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs what fairshard needs on a fresh Debian machine with a Rust toolchain: the system
# packages of the solver and plotting backends, then the project's Python environment
# (setup-python.sh), whose PySCIPOpt wheel ships the libscip the `scip` feature needs at build
# time. Safe to run again: it installs only what is missing. Source it (or run it) before any
# cargo command of the other scripts.
set -euo pipefail

# cmake + libclang-dev: highs-sys builds HiGHS from source and runs bindgen.
# coinor-libcbc-dev: the CBC backend links Debian's CBC.
# pkg-config, fontconfig, freetype, DejaVu: text in the PNG/PDF figures.
# poppler-utils: pdfinfo/pdftoppm, used by the tests to open the PDF reports.
# parallel: GNU parallel, which the tests use to run benchmark shards concurrently.
# python3-venv: the Python environment below (venv and pip).
PACKAGES=(cmake libclang-dev coinor-libcbc-dev pkg-config libfontconfig1-dev libfreetype-dev fonts-dejavu-core poppler-utils parallel python3-venv)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found: install Rust (rustup) first" >&2
  exit 1
fi

# The Python environment: the peers' methods and libscip (every script builds --all-features).
bash "$(dirname "${BASH_SOURCE[0]}")/setup-python.sh"

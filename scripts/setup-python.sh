#!/usr/bin/env bash
# Creates (or updates) fairshard's Python virtual environment from PyPI: the peers' methods
# behind the `ext/` adapters and the libscip of the `scip` feature, pinned in
# scripts/python/requirements.txt. Safe to run again: it installs only when the pins changed.
# The environment lives in $FAIRSHARD_VENV (default ~/.cache/fairshard/venv), outside the clone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${FAIRSHARD_VENV:-$HOME/.cache/fairshard/venv}"
req="$here/python/requirements.txt"
stamp="$venv/.fairshard-requirements"
python="${PYTHON:-python3}"
if ! command -v "$python" >/dev/null 2>&1; then
  echo "setup-python: $python not found: install Python 3.9 or later" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "setup-python: creating $venv" >&2
  "$python" -m venv "$venv"
fi
if ! cmp -s "$req" "$stamp" 2>/dev/null; then
  echo "setup-python: installing $(grep -v '^#' "$req" | tr '\n' ' ')into $venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
fi

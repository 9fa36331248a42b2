#!/usr/bin/env bash
# The main job: installs what is missing, then reproduces the paper's figures and the solver
# comparison on the embedded real data into ./results (CSV, Parquet, PNG, PDF, report.pdf,
# manifest.json). Extra arguments go to `fairshard reproduce` (e.g. --quick, --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo run $FAIRSHARD_FEATURES --quiet -- reproduce --out results "$@"

#!/usr/bin/env bash
# The main job: installs what is missing, then reproduces the paper's figures and the solver
# comparison on the embedded real data into ./results (CSV, Parquet, PNG, PDF, report.pdf,
# manifest.json). Extra arguments go to `fairshard reproduce` (e.g. --quick, --out DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
# Without --quiet: a first build (HiGHS from source, ~15 minutes) shows its progress; when
# already built this is a one-line no-op. Then the binary itself, so cargo adds no output.
cargo build $FAIRSHARD_FEATURES --bin fairshard
"$CARGO_TARGET_DIR/debug/fairshard" reproduce --out results "$@"

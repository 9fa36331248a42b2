#!/usr/bin/env bash
# The main job: installs what is missing, then partitions the paper's 100 real contracts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo run $FAIRSHARD_FEATURES --quiet -- solve --dataset dao100 -m 5 --solver heur/bi-lpt "$@"

#!/usr/bin/env bash
# Writes every instance the benchmarks use as CSV (gas_used,gas_price_wei), so other partition
# tools can be run on exactly the same data. Usage: bash scripts/bench-instances.sh [DIR]
# (default: results/bench-instances). Instances are generated from their seeds, so the files
# are the same on every machine.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-results/bench-instances}"
mkdir -p "$out"
source scripts/env.sh
cargo build $FAIRSHARD_FEATURES --bin fairshard # progress shown on a first build
bin="$CARGO_TARGET_DIR/debug/fairshard"
for spec in lognormal:n=100,seed=1 lognormal:n=1000,seed=1 lognormal:n=10000,seed=1 \
  lognormal:n=1000000,seed=1 lognormal:n=1000000,seed=2 dao100 'dao100@norm'; do
  file="$out/$(echo "$spec" | tr ':=,@' '_-_-').csv"
  "$bin" export -d "$spec" --out "$file"
done

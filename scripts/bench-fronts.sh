#!/usr/bin/env bash
# Benchmarks the front methods: for each instance, solver and method, the 10-point front
# (gamma1 caps 1.001 to 1.5, m = 5) with `fairshard front`, one thread, a time limit per
# solver call, and one absolute tolerance on gamma2 for every method (the paper's binary
# search narrows its bracket to it; the exact method stops a point within it of its certified
# bound). Prints each front's table (time, ILP solves, status and bound per point) and writes
# its rows as CSV. Usage:
#   bash scripts/bench-fronts.sh [DIR] [SECONDS]
# DIR: output folder (default results/bench-fronts); SECONDS: time limit per call (default 10).
# SOLVERS, METHODS and INSTANCES (space-separated) override the defaults below, TOLERANCE the
# tolerance (default 1e-4, the paper's); FAIRSHARD_BIN runs an already built binary instead of
# building one.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-results/bench-fronts}"
limit="${2:-10}"
source scripts/env.sh
instances="${INSTANCES:-dao100 dao100@norm lognormal:n=100,seed=1}"
solvers="${SOLVERS:-ilp/highs ilp/cbc}"
methods="${METHODS:-paper exact}"
tolerance="${TOLERANCE:-1e-4}"
mkdir -p "$out"
bin="${FAIRSHARD_BIN:-}"
if [ -z "$bin" ]; then
  cargo build $FAIRSHARD_FEATURES --bin fairshard # progress shown on a first build
  bin="$CARGO_TARGET_DIR/debug/fairshard"
fi
for inst in $instances; do
  for solver in $solvers; do
    for method in $methods; do
      name="$(echo "$inst-$solver-$method" | tr ':=,@/' '_-_-_')"
      cmd=("$bin" front -d "$inst" -m 5 -s "$solver" --method "$method" --from 1.001 --to 1.5
        --points 10 --threads 1 --time-limit "$limit" --tolerance "$tolerance" --out "$out/$name.csv")
      echo "\$ ${cmd[*]}" | sed "s#$bin#fairshard#" | tee "$out/$name.txt"
      "${cmd[@]}" 2>&1 | tee -a "$out/$name.txt"
      echo
    done
  done
done

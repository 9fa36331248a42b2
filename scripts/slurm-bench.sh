#!/usr/bin/env bash
# The benchmark on a Slurm cluster: one shard per array task, then one merge.
#
#   SUITE=synthetic N=32 bash scripts/slurm-bench.sh submit [fairshard bench options...]
#
# submits an array of N tasks (task K runs `fairshard bench --suite SUITE --shard K/N` into
# OUT/shard-K) and a merge job that starts when every task has ended (`afterany`: a failed
# task's finished rows are kept; run `submit` again to resume the missing runs) and joins
# the shards into OUT/merged with its statistics and report. Environment: SUITE (required),
# N (shards, default 16), OUT (default bench-SUITE), SBATCH_ARGS (extra sbatch options, e.g.
# "--partition=short --time=02:00:00"), FAIRSHARD (the binary; default: the build of
# scripts/env.sh, which must exist on the cluster's shared file system).
#
# The modes `task` and `merge` are what the jobs run; `task` reads SLURM_ARRAY_TASK_ID and
# SLURM_ARRAY_TASK_COUNT as Slurm sets them, so they can also be run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
shift || true
: "${SUITE:?set SUITE to a suite name (see fairshard suites)}"
N="${N:-16}"
OUT="${OUT:-bench-$SUITE}"
if [[ -z "${FAIRSHARD:-}" ]]; then
  source scripts/env.sh
  FAIRSHARD="$CARGO_TARGET_DIR/debug/fairshard"
fi
case "$mode" in
  submit)
    command -v sbatch >/dev/null || { echo "slurm-bench: sbatch not found" >&2; exit 1; }
    [[ -x "$FAIRSHARD" ]] || { echo "slurm-bench: build first (bash scripts/main.sh --help builds it): $FAIRSHARD" >&2; exit 1; }
    export SUITE N OUT FAIRSHARD
    # One thread per run: ask Slurm for one CPU per task.
    array=$(sbatch --parsable ${SBATCH_ARGS:-} --array="1-$N" --cpus-per-task=1 \
      --job-name="fairshard-$SUITE" --output="$OUT/slurm-%A_%a.log" --export=ALL \
      --wrap="bash scripts/slurm-bench.sh task $*")
    merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency="afterany:$array" --cpus-per-task=1 \
      --job-name="fairshard-$SUITE-merge" --output="$OUT/slurm-merge-%j.log" --export=ALL \
      --wrap="bash scripts/slurm-bench.sh merge")
    mkdir -p "$OUT"
    echo "submitted array $array ($N shards) and merge $merge; results in $OUT/merged"
    ;;
  task)
    K="${SLURM_ARRAY_TASK_ID:?task mode runs inside a Slurm array (SLURM_ARRAY_TASK_ID)}"
    COUNT="${SLURM_ARRAY_TASK_COUNT:-$N}"
    exec "$FAIRSHARD" bench --suite "$SUITE" --shard "$K/$COUNT" --out "$OUT/shard-$K" "$@"
    ;;
  merge)
    shopt -s nullglob
    shards=("$OUT"/shard-*)
    (( ${#shards[@]} > 0 )) || { echo "slurm-bench: no shard folders in $OUT" >&2; exit 1; }
    exec "$FAIRSHARD" merge "${shards[@]}" --out "$OUT/merged"
    ;;
  *)
    echo "usage: SUITE=NAME [N=16] [OUT=DIR] bash scripts/slurm-bench.sh submit|task|merge [bench options]" >&2
    exit 2
    ;;
esac

# Shared by the scripts: one target directory outside the clone, kept between runs and
# clones, so a second run (or CI on the same machine) rebuilds only what changed.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fairshard/target}"
# Every script builds the same feature set, so tests, clippy and the main job share one build.
FAIRSHARD_FEATURES="--all-features"

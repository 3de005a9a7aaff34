#!/usr/bin/env bash
# Rebuilds a stance source's calibration in one step (see StanceCalibrationBuilder). Usage, from anywhere:
#   modules/nlp/rebuild-calibration.sh noparse --out-of-fold DIR   out-of-fold scores on NewsMTSC train: DIR written by
#       ./stancewatch train stance --train TRAIN.jsonl --cv 5 --epochs 2 --seed 13 --encoder-lr 5e-5 --fold-models DIR
#   modules/nlp/rebuild-calibration.sh [noparse|fused] [DEV.jsonl]  the first half of NewsMTSC dev
# noparse (the default source) writes stance/calibration.json, fused writes stance/calibration-fused.json.
# Then the alert detector's stance-shift threshold is derived again from the bundled calibrations (its h depends on how
# noisy the tagger is; modules/pipeline/ALERTS.md, "A threshold derived from the calibration") and written to
# modules/pipeline/src/main/resources/alerts/stance-shift-threshold.json; commit both files together.
# On the shared machine run it under the build lock: flock /tmp/stancewatch-build.lock modules/nlp/rebuild-calibration.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source="${1:-noparse}"
dev="${2:-${STANCEWATCH_NEWSMTSC_DEV:-$root/../shared/data/newsmtsc/dev.jsonl}}"
case "$source" in
  noparse) out=calibration.json; heap=1g ;;
  fused)   out=calibration-fused.json; heap=5g ;;
  *) echo "rebuild-calibration: unknown source '$source' (expected noparse or fused)" >&2; exit 2 ;;
esac
if [ "${2:-}" = "--out-of-fold" ]; then
  folds="${3:?rebuild-calibration: --out-of-fold needs the directory that train stance --cv K --fold-models DIR wrote}"
  [ -d "$folds" ] || { echo "rebuild-calibration: fold directory not found: $folds" >&2; exit 2; }
  folds="$(cd "$folds" && pwd)"
  builder_args=(--out-of-fold "$folds" "modules/nlp/src/main/resources/stance/$out" "$source")
else
  [ -f "$dev" ] || { echo "rebuild-calibration: NewsMTSC dev file not found: $dev (pass it as the second argument)" >&2; exit 2; }
  builder_args=("$dev" "modules/nlp/src/main/resources/stance/$out" first "$source")
fi
cd "$root"
./mvnw -q -B -o -pl modules/pipeline -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=runtime
java -Xmx$heap -XX:+UseParallelGC -cp "modules/nlp/target/classes:$(cat modules/nlp/target/cp.txt)" \
  org.stancewatch.nlp.eval.StanceCalibrationBuilder "${builder_args[@]}"
# The threshold reads the calibrations from the classpath: the source tree's resources, not a stale target/ copy.
java -Xmx1g -cp "modules/nlp/src/main/resources:modules/pipeline/src/main/resources:modules/pipeline/target/classes:$(cat modules/pipeline/target/cp.txt)" \
  org.stancewatch.pipeline.alerts.AlertEval --derive-threshold --write modules/pipeline/src/main/resources/alerts/stance-shift-threshold.json

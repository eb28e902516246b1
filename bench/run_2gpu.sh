#!/usr/bin/env bash
# Scale-out benchmark on one machine with two GPUs:
#   bash bench/run_2gpu.sh [full|quick]
# Launches fluxmk.bench.bench_scaleout with 1 and then 2 processes (one GPU each) on the same machine: the default
# video (3 keyframes, 45 frames, 1024x576) through generate_video_distributed and a batch of 2-keyframe videos through
# run_batch, full-size FLUX.1-dev and SVD-XT with random weights, eager. Each launch writes a part; the parts are joined
# into bench/results/<date>-scaleout-<card>.json with the speed-ups and whether 1 and 2 GPUs made the same video.
# Wheels the GPU image lacks travel in carry/wheels as for bench/run_gpu.sh; fluxmk.pipeline also imports lemminflect
# and opencv-python-headless (cv2): if the image lacks them, add their wheels there (the import check below says so).
set -uo pipefail
MODE=${1:-full}
OUT=${OUT:-bench/out}; mkdir -p "$OUT"
export PYTHONUNBUFFERED=1 PYTHONPATH="$PWD:/tmp/site" TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 OMP_NUM_THREADS=4
if ls carry/wheels/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site carry/wheels/*.whl \
    || { echo "wheel install failed"; exit 1; }
fi
python3 -c "
import torch, accelerate, fluxmk.distributed
assert torch.cuda.device_count() >= 2, f'needs 2 GPUs, found {torch.cuda.device_count()}'
print('torch', torch.__version__, 'accelerate', accelerate.__version__, 'gpus', torch.cuda.device_count(), torch.cuda.get_device_name(0))
" || { echo "import or GPU check failed (above); wheels the image lacks go in carry/wheels"; exit 1; }
nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv
Q=(); [ "$MODE" = quick ] && Q=(--quick)
printf 'from fluxmk.bench import scaleout_main\nscaleout_main()\n' > "$OUT/scaleout.py"
LIMIT=${LIMIT:-270}   # seconds per launch: both fit the device tool's 10 minutes
for N in 1 2; do
  rm -rf "$OUT/runs-$N" "$OUT/part-$N.json"; mkdir -p "$OUT/runs-$N"
  timeout "$LIMIT" python3 -m torch.distributed.run --standalone --nproc_per_node "$N" "$OUT/scaleout.py" \
    --work-dir "$OUT/runs-$N" --part "$OUT/part-$N.json" --rows "${ROWS:-4}" "${Q[@]}" > "$OUT/part-$N.log" 2>&1
  echo "$N process(es): exit $?"; grep -v "kept in float32" "$OUT/part-$N.log" | tail -n 8
done
[ -f "$OUT/part-1.json" ] && [ -f "$OUT/part-2.json" ] || { echo "a launch wrote no part: see $OUT/part-*.log"; exit 1; }
python3 "$OUT/scaleout.py" --merge "$OUT/part-1.json" "$OUT/part-2.json" --out-dir bench/results

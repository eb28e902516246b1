#!/usr/bin/env bash
# The full benchmark on one machine with two GPUs, as run through the device tool:
#   bash bench/run_gpu.sh [full|quick]
# cuda:0 runs FLUX (image, keyframe, fp8) and the default video (unconstrained, 24 GB and 16 GB caps); cuda:1 runs the
# SVD UNet step and one transition, after compiling the UNet for the video's 23-frame clips so that cuda:0's compile
# reads it from the shared on-disk cache. Every number comes from one card, its stock baseline from the same card.
# Each process writes a partial JSON after every workload, so a process stopped by its time limit keeps what it
# measured. Wheels the GPU image lacks travel in carry/wheels (diffusers, torchao, imageio-ffmpeg, fastcore, importlib_metadata).
set -uo pipefail
MODE=${1:-full}
OUT=${OUT:-bench/out}; mkdir -p "$OUT/a" "$OUT/b"
export PYTHONUNBUFFERED=1 PYTHONPATH="$PWD:/tmp/site" TORCHINDUCTOR_FX_GRAPH_CACHE=1 TORCHINDUCTOR_AUTOGRAD_CACHE=1 \
       TORCHINDUCTOR_COMPILE_THREADS=16 TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site carry/wheels/*.whl \
  || { echo "wheel install failed"; exit 1; }
python3 -c "
import torch, diffusers, transformers, torchao, triton, fluxmk.bench, fluxmk.speed
print('torch', torch.__version__, 'cuda', torch.version.cuda, 'diffusers', diffusers.__version__, 'transformers',
      transformers.__version__, 'torchao', torchao.__version__, 'triton', triton.__version__)
print('gpus', torch.cuda.device_count(), torch.cuda.get_device_name(0))
" || { echo "imports failed"; exit 1; }
nvidia-smi --query-gpu=index,name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv
Q=(); [ "$MODE" = quick ] && Q=(--quick)
[ "${FP8:-0}" = 1 ] || Q+=(--no-fp8)   # the fp8 image compiles for ~3 min: FP8=1 to include it
CACHE=(); ls carry/cache/*.bin >/dev/null 2>&1 && CACHE=(--compile-cache carry/cache/*.bin)
BENCH='from fluxmk.bench import bench_main; bench_main()'
DEADLINE=${DEADLINE:-470}; LIMIT=${LIMIT:-545}
timeout "$LIMIT" python3 -c "$BENCH" --device cuda:1 --workloads peak,svd_step,transition --prewarm-frames 23 \
  --deadline "$DEADLINE" --out-dir "$OUT/b" --save-cache "$OUT/cache_b.bin" "${Q[@]}" "${CACHE[@]}" > "$OUT/b.log" 2>&1 &
PB=$!
timeout "$LIMIT" python3 -c "$BENCH" --device cuda:0 --workloads peak,image,keyframe,video,video_24gb,video_16gb \
  --deadline "$DEADLINE" --out-dir "$OUT/a" --save-cache "$OUT/cache_a.bin" "${Q[@]}" "${CACHE[@]}" > "$OUT/a.log" 2>&1 &
PA=$!
wait $PA; echo "cuda:0 exit $?"; wait $PB; echo "cuda:1 exit $?"
python3 -c "$BENCH" --merge "$OUT"/a/*.json "$OUT"/b/*.json --out-dir "$OUT" || true
grep -v "^USDT\|kept in float32" "$OUT/a.log" | tail -n 40; grep -v "^USDT\|kept in float32" "$OUT/b.log" | tail -n 25

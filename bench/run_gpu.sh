#!/usr/bin/env bash
# The benchmark on one GPU, as run through the device tool (one command, each process under 9 minutes):
#   bash bench/run_gpu.sh [product|cold|warm_cache|rest|all|t4|caps|caps24|caps16|mega|wan] [quick]
# product: the user's call (`video_product`: stock path + fluxmk's first and warm call) in a fresh process with an empty
#          compile cache, then again in a second fresh process that reads the cache the first one wrote;
# cold, warm_cache: one of those two processes (for device calls that run them one at a time);
# rest:    the image, keyframe, SVD step and transition workloads;
# all:     both, in sequence.
# caps24, caps16: the user's call unconstrained and then under a 24 GB (16 GB) `set_per_process_memory_fraction` cap,
#          in one process (a placement cannot change inside a process, so each cap has its own); caps: both.
# mega:    `product` with torch's mega-cache (torch.compiler.save/load_cache_artifacts, a file) in place of the shared
#          inductor folder: the first process saves it, the second starts from an empty folder and loads the file.
# t4:      `video_t4_like`, the default video from a GGUF transformer under a T4's budget (bitsandbytes among the wheels).
# wan:     `wan_transition` (bench/wan_transition.py, `fluxmk.wan_bench`): one full-size Wan2.1-FLF2V transition at
#          1280×720 and 81 frames, the stock call and fluxmk's in one process; ~60 GB of GPU memory, nothing on disk.
# Processes run one after the other and share one compile cache ($CACHE, default /tmp/fluxmk-compile). Each writes a partial JSON after every
# workload, so a process stopped by its time limit keeps what it measured. Wheels the GPU image lacks travel in .whl
# (`bash bench/wheels.sh` fetches them)
# (diffusers, fastcore, imageio-ffmpeg, open_clip_torch, ftfy, wcwidth, lemminflect, torchao, importlib_metadata, gguf,
# bitsandbytes for t4).
set -uo pipefail
WHAT=${1:-product}; MODE=${2:-full}
OUT=${OUT:-bench/out}; mkdir -p "$OUT"
WHEELS=${WHEELS:-.whl}
export PYTHONUNBUFFERED=1 PYTHONPATH="$PWD:/tmp/site" TORCHINDUCTOR_COMPILE_THREADS=16 TOKENIZERS_PARALLELISM=false \
       HF_HUB_OFFLINE=1 FLUXMK_COMPILE_CACHE="${CACHE:-/tmp/fluxmk-compile}"
unset TORCHINDUCTOR_CACHE_DIR
if ls "$WHEELS"/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$WHEELS"/*.whl \
    || { echo "wheel install failed"; exit 1; }
fi
python3 -c "
import torch, diffusers, transformers, fluxmk.bench
print('torch', torch.__version__, 'cuda', torch.version.cuda, 'diffusers', diffusers.__version__, 'transformers', transformers.__version__)
print('gpu', torch.cuda.get_device_name(0))
" || { echo "imports failed"; exit 1; }
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv
Q=(--no-fp8); [ "$MODE" = quick ] && Q+=(--quick)
[ "${FP8:-0}" = 1 ] && Q=("${Q[@]/--no-fp8}")
BENCH=(python3 -c 'from fluxmk.bench import bench_main; bench_main()' --device cuda:0 "${Q[@]}")
run() {  # name, limit seconds, command and its options (every bench command takes --deadline and --out-dir)
  echo "== $1: ${*:3} ($(date +%T))"
  timeout "$2" "${@:3}" --deadline $(( $2 - 30 )) --out-dir "$OUT/$1" > "$OUT/$1.log" 2>&1
  echo "$1 exit $?"; grep -v "^USDT\|kept in float32\|Warning\|warn(" "$OUT/$1.log" | tail -n 25
}
case "$WHAT" in product|cold|all) run cold "${LIMIT_COLD:-350}" "${BENCH[@]}" --workloads peak,video_product ;; esac
case "$WHAT" in product|warm_cache|all) run warm_cache "${LIMIT_WARM:-210}" "${BENCH[@]}" --workloads peak,video_product ;; esac
case "$WHAT" in
  rest|all) run rest "${LIMIT_REST:-540}" "${BENCH[@]}" --workloads peak,image,keyframe,svd_step,transition ;;
esac
case "$WHAT" in caps|caps24) run caps24 "${LIMIT_CAPS:-540}" "${BENCH[@]}" --workloads peak,video_product,video_24gb ;; esac
case "$WHAT" in caps|caps16) run caps16 "${LIMIT_CAPS:-540}" "${BENCH[@]}" --workloads peak,video_product,video_16gb ;; esac
if [ "$WHAT" = mega ]; then  # torch's mega-cache instead of inductor's cache folder: each process gets an empty folder
  MEGA="$OUT/mega-cache.bin"
  FLUXMK_COMPILE_CACHE=$(mktemp -d) run mega_cold "${LIMIT_COLD:-350}" "${BENCH[@]}" --workloads peak,video_product --save-cache "$MEGA"
  FLUXMK_COMPILE_CACHE=$(mktemp -d) run mega_warm "${LIMIT_WARM:-210}" "${BENCH[@]}" --workloads peak,video_product --compile-cache "$MEGA"
fi
case "$WHAT" in t4) run t4 "${LIMIT_T4:-540}" "${BENCH[@]}" --workloads peak,video_t4_like ;; esac
# the wheels and the checks above take about half a minute of a 540 s command: the Wan process gets the rest
case "$WHAT" in wan) run wan "${LIMIT_WAN:-480}" python3 bench/wan_transition.py --device cuda:0 ;; esac
ls "$OUT"/*/ 2>/dev/null

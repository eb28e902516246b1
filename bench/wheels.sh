#!/usr/bin/env bash
# The wheels the GPU machine lacks (it has torch 2.11 + CUDA 13.0, transformers, accelerate; Python 3.12; no network),
# downloaded here into .whl for the device tool to carry (64 MiB at most in all): bash bench/wheels.sh [folder]
# bitsandbytes' wheel holds a library for every CUDA version (43 MB); only its CPU and CUDA 13.0 libraries are kept.
set -euo pipefail
DIR=${1:-.whl}; mkdir -p "$DIR"
PINS=(diffusers==0.42.1 "fastcore==1.14.5" ftfy==6.3.1 gguf==0.19.0 imageio-ffmpeg==0.5.1 importlib_metadata==10.2.0
      lemminflect==0.2.3 open_clip_torch==3.3.0 torchao==0.18.0 wcwidth==0.9.4 bitsandbytes==0.50.2)
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --platform manylinux_2_28_x86_64 \
  --platform manylinux_2_24_x86_64 --platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform any \
  -d "$DIR" "${PINS[@]}"
BNB=$(ls "$DIR"/bitsandbytes-*.whl)
if python3 -c "import sys, zipfile; sys.exit(not any('cuda118' in n for n in zipfile.ZipFile(sys.argv[1]).namelist()))" "$BNB"; then
  TMP=$(mktemp -d); python3 -m wheel unpack -d "$TMP" "$BNB"
  find "$TMP" -name 'libbitsandbytes_*.so' ! -name '*_cpu.so' ! -name '*_cuda130.so' -delete
  rm "$BNB"; python3 -m wheel pack -d "$DIR" "$TMP"/bitsandbytes-*; rm -rf "$TMP"
fi
du -sh "$DIR"; ls "$DIR"

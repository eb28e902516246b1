#!/usr/bin/env bash
# Fail if the notebooks are not clean, if the library disagrees with the notebooks, or if README.md is stale.
# Runs in the repository given as $1 (default: this one) and leaves it as it found it when the checks pass.
set -uo pipefail
cd "${1:-$(dirname "$0")/..}"
fail=0
nbdev_clean >/dev/null 2>&1 || { echo "nbdev_clean failed"; exit 1; }
if [ -n "$(git status --porcelain -- nbs)" ]; then
  echo "FAIL: nbdev_clean changed notebooks (run nbdev_clean and commit):"; git status --porcelain -- nbs; fail=1
fi
nbdev_export >/dev/null 2>&1 || { echo "nbdev_export failed"; exit 1; }
if [ -n "$(git status --porcelain -- fluxmk)" ]; then
  echo "FAIL: nbdev_export changed fluxmk/: the notebooks and the library disagree (run nbdev_export and commit):"
  git status --porcelain -- fluxmk; fail=1
fi
python tools/make_readme.py --check || fail=1
[ $fail = 0 ] && echo "notebooks, library and README agree"
exit $fail

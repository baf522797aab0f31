#!/usr/bin/env bash
# Makes the repository's Python environment for the benchmarks and the reference fixtures: .venv/ at the root of
# the repository (ignored by git), with the exact versions of benchmarks/requirements.txt.
#
#   benchmarks/setup.sh            # create .venv/ or bring it up to the pins
#   benchmarks/setup.sh --gp       # also PyTorch (benchmarks/requirements-gp.txt), for Optuna's GPSampler
#   benchmarks/setup.sh --fresh    # delete .venv/ first
#
# The interpreter is HYPERPLAN_SETUP_PYTHON if set, else python3.11, else python3. The pins were made with
# Python 3.11.7; another 3.x may lack wheels for them and is warned about. Needs pip's access to PyPI.
# Afterwards benchmarks/run-all.sh and the scripts in benchmarks/ and scripts/reference/ use .venv/bin/python
# (HYPERPLAN_BENCH_PYTHON overrides it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv"
requirements=("$root/benchmarks/requirements.txt")
fresh=false
for argument in "$@"; do
  case $argument in
    --gp) requirements+=("$root/benchmarks/requirements-gp.txt") ;;
    --fresh) fresh=true ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option '$argument' (--gp, --fresh)" >&2; exit 2 ;;
  esac
done

python=${HYPERPLAN_SETUP_PYTHON:-}
if [ -z "$python" ]; then
  if command -v python3.11 >/dev/null 2>&1; then python=python3.11; else python=python3; fi
fi
if ! command -v "$python" >/dev/null 2>&1; then
  echo "error: no Python interpreter '$python'; set HYPERPLAN_SETUP_PYTHON" >&2
  exit 2
fi
version=$("$python" -c 'import platform; print(platform.python_version())')
case $version in
  3.11.*) ;;
  *) echo "warning: $python is Python $version; the pins were made with 3.11.7 and may have no wheels for it" >&2 ;;
esac

if $fresh; then rm -rf "$venv"; fi
if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv with $python ($version)"
  # Debian's python3 has no ensurepip without python3-venv: then make the environment without pip and install
  # into it with the pip that the interpreter has.
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    "$python" -m venv --without-pip "$venv"
  fi
fi
if "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
  pip=("$venv/bin/python" -m pip)
else
  pip=("$python" -m pip --python "$venv/bin/python")
fi

install=()
for file in "${requirements[@]}"; do install+=(-r "$file"); done
echo "installing ${requirements[*]#"$root/"} into .venv/"
PIP_DISABLE_PIP_VERSION_CHECK=1 "${pip[@]}" install --quiet "${install[@]}"
"${pip[@]}" check
# What the environment was made from, so that run-all.sh can tell when the pins moved on.
cat "$root/benchmarks/requirements.txt" "$root"/scripts/reference/requirements*.txt | sha256sum | cut -d' ' -f1 \
  >"$venv/.hyperplan-requirements"
echo "ready: $("$venv/bin/python" -c 'import sklearn, numpy, scipy, optuna; print(
    f"scikit-learn {sklearn.__version__}, NumPy {numpy.__version__}, SciPy {scipy.__version__}, "
    f"Optuna {optuna.__version__}")') in .venv/"

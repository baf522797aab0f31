#!/usr/bin/env bash
# Checks `hyperplan export --format optuna-journal` with Optuna itself (docs/exports.md): installs the pinned
# Optuna, plotly and scikit-learn (scripts/requirements-optuna-export.txt) into a temporary virtual environment,
# then runs scripts/check-optuna-export.py, which runs small experiments, exports them, loads each export with
# optuna.load_study and compares it with the bundle. Optuna is never a dependency of `swift test`.
#
# Usage: scripts/check-optuna-export.sh [HYPERPLAN_BINARY]   (default: .build/release/hyperplan, else debug)
# Needs python3 with venv (or pip) and access to PyPI. Exits non-zero on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-}
if [ -z "$binary" ]; then
  for candidate in .build/release/hyperplan .build/debug/hyperplan; do
    if [ -x "$candidate" ]; then binary=$candidate; break; fi
  done
fi
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
  echo "error: no hyperplan binary; build one with 'swift build -c release' or name it" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
venv="$work/venv"
# Debian's python3 has no ensurepip without python3-venv: then make the environment without pip and install
# into it with the pip that python3 has.
if python3 -m venv "$venv" >/dev/null 2>&1; then
  pip=("$venv/bin/python" -m pip)
else
  rm -rf "$venv"
  python3 -m venv --without-pip "$venv"
  pip=(python3 -m pip --python "$venv/bin/python")
fi
echo "installing $(grep -v '^#' scripts/requirements-optuna-export.txt | tr '\n' ' ')into $venv"
PIP_DISABLE_PIP_VERSION_CHECK=1 "${pip[@]}" install --quiet --no-compile --only-binary :all: \
  -r scripts/requirements-optuna-export.txt
"$venv/bin/python" scripts/check-optuna-export.py --hyperplan "$binary" --work "$work"

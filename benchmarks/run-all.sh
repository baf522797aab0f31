#!/usr/bin/env bash
# Reruns the published benchmark figures: every number in docs/benchmarks*.md and the docs pages that quote a
# benchmark script (docs/learners/knn.md, docs/predict.md, docs/reports.md, docs/search/*.md) comes from one
# figure below.
#
#   benchmarks/run-all.sh --list                     # the figures, their commands and the pages they back
#   benchmarks/run-all.sh FIGURE...                  # those figures, as published (hours for all of them)
#   benchmarks/run-all.sh                            # every figure
#   benchmarks/run-all.sh --smoke [FIGURE...]        # each script end to end on tiny sizes (minutes): checks
#                                                    # that the scripts run, measures nothing
#   benchmarks/run-all.sh FIGURE -- --repeat 3       # extra arguments for the figure's script(s)
#
# Options: --smoke, --list, --no-build (use the binary as it is), --out DIR (default benchmarks/results, or
# benchmarks/results/smoke with --smoke). Each figure's output goes to DIR/FIGURE.txt (and the JSON-lines
# records of the search benchmarks to DIR/FIGURE.jsonl, which a rerun continues rather than repeats).
#
# Needs: benchmarks/setup.sh run once (.venv/; `--gp` too for Optuna's GP sampler in `search`), the Swift
# toolchain, and for `report-scale` Debian's chromium. Python: HYPERPLAN_BENCH_PYTHON, else .venv/bin/python.
# Binary: HYPERPLAN_BIN, else .build/release/hyperplan, brought up to date with `swift build -c release`
# before the first figure (unless --no-build). Timings depend on the machine and its load: docs/benchmarks.md
# says what the published ones were measured on. Exit status: 0 when every figure ran, 1 when one failed,
# 2 for a usage error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

figures=(gridsearch-small gridsearch-large gridsearch-knn-train-scores trial-overhead trial-overhead-10k predict
  search search-cmaes-30 bayesian-design cmaes-spread model-choice search-strategies bayesian-optuna qmc-regret
  report-scale search-quality-tests bayesian-tests)

# The pages each figure backs.
pages() {
  case $1 in
    gridsearch-small) echo "docs/benchmarks.md#results, docs/learners/knn.md" ;;
    gridsearch-large) echo "docs/benchmarks.md#results, docs/learners/knn.md" ;;
    gridsearch-knn-train-scores) echo "docs/benchmarks.md#results (kNN with train scores on both sides)" ;;
    trial-overhead) echo "docs/benchmarks.md#per-trial-overhead-against-optuna (1,000 trials)" ;;
    trial-overhead-10k) echo "docs/benchmarks.md#per-trial-overhead-against-optuna (10,000 trials)" ;;
    predict) echo "docs/benchmarks.md#predict-throughput, docs/predict.md" ;;
    search) echo "docs/benchmarks-search.md (every table of search_vs_optuna.py but the 30-seed one)" ;;
    search-cmaes-30) echo "docs/benchmarks-search.md#cmaes-with-the-replay-memo, docs/search/evolution.md" ;;
    bayesian-design) echo "docs/benchmarks-search.md#bayesian-with-the-sobol-initial-design, docs/search/bayesian.md" ;;
    cmaes-spread) echo "docs/benchmarks-search.md#cmaes-with-the-replay-memo, docs/search/evolution.md" ;;
    model-choice) echo "docs/benchmarks-search.md#choosing-among-models-hyperplan-tpe-vs-optuna-tpe-with-scikit-learn" ;;
    search-strategies) echo "docs/search/tpe.md, docs/search/evolution.md (Optuna columns)" ;;
    bayesian-optuna) echo "docs/search/bayesian.md#measured (Optuna column)" ;;
    qmc-regret) echo "docs/search/quasi-random.md (SciPy's designs)" ;;
    report-scale) echo "docs/reports.md (10,000-trial report)" ;;
    search-quality-tests) echo "docs/search/tpe.md, docs/search/evolution.md (Hyperplan columns)" ;;
    bayesian-tests) echo "docs/search/bayesian.md#measured, #speed (Hyperplan side)" ;;
  esac
}

# Sets `commands` to the figure's command lines (one string each, word-split when run), published or smoke.
# PY and OUT are placeholders for the Python and the figure's output stem.
commands_for() {
  local figure=$1 smoke=$2
  commands=()
  case $figure:$smoke in
    gridsearch-small:false) commands=("PY benchmarks/gridsearch_vs_sklearn.py --jobs 2 --cases small --repeat 1") ;;
    gridsearch-small:true)
      commands=("PY benchmarks/gridsearch_vs_sklearn.py --jobs 1 --cases iris-logistic,diabetes-ridge --repeat 1") ;;
    gridsearch-large:false) commands=("PY benchmarks/gridsearch_vs_sklearn.py --jobs 2 --cases large --repeat 1") ;;
    gridsearch-large:true)
      commands=("PY benchmarks/gridsearch_vs_sklearn.py --jobs 1 --cases synthetic100k-logistic,synthetic100k-tree --repeat 1 --synthetic-rows 1000") ;;
    gridsearch-knn-train-scores:false)
      commands=("PY benchmarks/gridsearch_vs_sklearn.py --jobs 2 --cases synthetic100k-knn --repeat 1 --sklearn-train-scores") ;;
    gridsearch-knn-train-scores:true)
      commands=("PY benchmarks/gridsearch_vs_sklearn.py --jobs 1 --cases synthetic100k-knn --repeat 1 --sklearn-train-scores --synthetic-rows 1000") ;;
    trial-overhead:false) commands=("PY benchmarks/trial_overhead.py --trials 1000") ;;
    trial-overhead-10k:false) commands=("PY benchmarks/trial_overhead.py") ;;
    trial-overhead:true | trial-overhead-10k:true)
      commands=("PY benchmarks/trial_overhead.py --trials 50 --sqlite-trials 10 --repeat 1") ;;
    predict:false) commands=("PY benchmarks/predict_throughput.py --repeat 3") ;;
    predict:true) commands=("PY benchmarks/predict_throughput.py --rows 5000 --repeat 1") ;;
    search:false)
      commands=("PY benchmarks/search_vs_optuna.py --jobs 1 --out OUT.jsonl") ;;
    search:true)
      commands=("PY benchmarks/search_vs_optuna.py --functions branin --trials 12 --seeds 1 --jobs 2 --out OUT.jsonl") ;;
    search-cmaes-30:false)
      commands=("PY benchmarks/search_vs_optuna.py --strategies cmaes --samplers cmaes --trials 100 --seeds 30 --jobs 1 --out OUT.jsonl") ;;
    search-cmaes-30:true)
      commands=("PY benchmarks/search_vs_optuna.py --strategies cmaes --samplers cmaes --functions hartmann6 --trials 12 --seeds 2 --jobs 2 --out OUT.jsonl") ;;
    bayesian-design:false) commands=("PY benchmarks/bayesian_initial_design.py --seeds 30") ;;
    bayesian-design:true) commands=("PY benchmarks/bayesian_initial_design.py --seeds 1 --trials 12 --functions branin") ;;
    cmaes-spread:false) commands=("PY benchmarks/cmaes_seed_spread.py --seeds 200") ;;
    cmaes-spread:true) commands=("PY benchmarks/cmaes_seed_spread.py --seeds 10") ;;
    model-choice:false)
      commands=("PY benchmarks/model_choice_vs_optuna.py --trials 50,100 --seeds 1-10 --out OUT.jsonl") ;;
    model-choice:true)
      commands=("PY benchmarks/model_choice_vs_optuna.py --datasets wine --trials 12 --seeds 1 --out OUT.jsonl") ;;
    search-strategies:false)
      commands=("PY benchmarks/search_strategies_vs_optuna.py" "PY benchmarks/search_strategies_vs_optuna.py --rosenbrock-1000") ;;
    search-strategies:true)
      commands=("PY benchmarks/search_strategies_vs_optuna.py --functions hartmann6 --trials 12 --seeds 1") ;;
    bayesian-optuna:false) commands=("PY benchmarks/bayesian_vs_optuna.py") ;;
    bayesian-optuna:true) commands=("PY benchmarks/bayesian_vs_optuna.py --trials 12 --branin-trials 12 --seeds 1") ;;
    qmc-regret:*) commands=("PY -W ignore scripts/reference/measure_qmc_regret.py") ;;
    report-scale:false) commands=("benchmarks/report_scale.sh BIN") ;;
    report-scale:true) commands=("benchmarks/report_scale.sh BIN --trials 300 --max-load-seconds 30") ;;
    search-quality-tests:false)
      commands=("swift test --filter SearchQualityReleaseTests") ;;
    bayesian-tests:false)
      commands=("swift test --filter BayesianSearchBenchmark") ;;
    search-quality-tests:true | bayesian-tests:true) ;; # a release build of the test targets: not a smoke test
    *) return 1 ;;
  esac
}

smoke=false list=false build=true out="" selected=() extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) smoke=true ;;
    --list) list=true ;;
    --no-build) build=false ;;
    --out) out=${2:?--out needs a folder}; shift ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option '$1'" >&2; exit 2 ;;
    *)
      if ! commands_for "$1" false; then
        echo "error: unknown figure '$1'; figures: ${figures[*]}" >&2
        exit 2
      fi
      selected+=("$1") ;;
  esac
  shift
done
[ ${#selected[@]} -gt 0 ] || selected=("${figures[@]}")

if $list; then
  for figure in "${selected[@]}"; do
    commands_for "$figure" false
    echo "$figure: $(pages "$figure")"
    for command in "${commands[@]}"; do
      command=${command//PY/.venv\/bin\/python}
      command=${command//OUT/benchmarks\/results\/$figure}
      echo "    ${command//BIN/.build\/release\/hyperplan}"
    done
  done
  exit 0
fi

python=${HYPERPLAN_BENCH_PYTHON:-$root/.venv/bin/python}
if [ ! -x "$python" ]; then
  echo "error: no Python environment at .venv/: run benchmarks/setup.sh first (or set HYPERPLAN_BENCH_PYTHON)" >&2
  exit 2
fi
if [ -z "${HYPERPLAN_BENCH_PYTHON:-}" ]; then
  stamp=$(cat benchmarks/requirements.txt scripts/reference/requirements*.txt | sha256sum | cut -d' ' -f1)
  if [ "$(cat .venv/.hyperplan-requirements 2>/dev/null)" != "$stamp" ]; then
    echo "warning: .venv/ was not made from the current pins; run benchmarks/setup.sh" >&2
  fi
fi
export HYPERPLAN_BENCH_PYTHON=$python

binary=${HYPERPLAN_BIN:-}
if [ -z "$binary" ]; then
  binary=$root/.build/release/hyperplan
  if $build; then
    echo "swift build -c release (brings .build/release/hyperplan up to date)" >&2
    swift build -c release --product hyperplan >&2
  fi
fi
if [ ! -x "$binary" ]; then
  echo "error: no hyperplan binary at $binary: run 'swift build -c release' or set HYPERPLAN_BIN" >&2
  exit 2
fi
export HYPERPLAN_BIN=$binary

if [ -z "$out" ]; then
  out=benchmarks/results
  if $smoke; then out=benchmarks/results/smoke; fi
fi
mkdir -p "$out"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD 2>/dev/null; then commit="$commit (with uncommitted changes)"; fi

status=0 summary=()
for figure in "${selected[@]}"; do
  commands_for "$figure" "$smoke"
  if [ ${#commands[@]} -eq 0 ]; then
    summary+=("$(printf '%-28s skipped (a release build of the tests; run it without --smoke)' "$figure")")
    continue
  fi
  log=$out/$figure.txt
  # A smoke run starts its records afresh; a published run's records continue (the scripts skip what they hold).
  if $smoke; then rm -f "$out/$figure.jsonl"; fi
  {
    echo "# $figure: $(pages "$figure")"
    echo "# commit $commit, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$log"
  started=$SECONDS result=ok
  for command in "${commands[@]}"; do
    read -r -a words <<<"$command"
    words=("${words[@]/#PY/$python}")
    words=("${words[@]/#BIN/$binary}")
    words=("${words[@]/#OUT/$out/$figure}")
    echo "== $figure: ${words[*]} ${extra[*]}" | tee -a "$log"
    if ! "${words[@]}" "${extra[@]}" 2>&1 | tee -a "$log"; then result=FAILED status=1; fi
  done
  summary+=("$(printf '%-28s %-6s %5d s  %s' "$figure" "$result" $((SECONDS - started)) "$log")")
done
echo
printf '%s\n' "${summary[@]}"
exit $status

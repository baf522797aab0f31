#!/usr/bin/env bash
# Shows that a change leaves every bundle of the examples byte-identical: builds hyperplan at two commits, runs
# every experiment of experiments/ at each commit with that commit's binary (each file on its own, and the folder
# as one batch), and compares every file of every bundle byte for byte.
#
#   scripts/check-bundle-identity.sh OLD_COMMIT NEW_COMMIT
#
# Each commit is checked out in a temporary detached git worktree (removed at the end) and built with
# `swift build -c release` into a scratch folder. Both builds share one scratch folder, so the dependencies
# (swift-crypto's C code most of all) are compiled once; HYPERPLAN_IDENTITY_SCRATCH=DIR keeps that folder
# between invocations (e.g. .build-identity, which git ignores) instead of a new temporary one. Do not point it
# at a checkout's own .build: the builds would replace that checkout's binary. Equal commits are built once.
# HYPERPLAN_IDENTITY_OLD_BIN / HYPERPLAN_IDENTITY_NEW_BIN skip the build of that side and use the given binary
# instead (the caller vouches that it was built from that commit, e.g. by CI's own release build).
# Each side runs its own commit's experiments/ from the root of its worktree, with -j 2, so experiment_file and
# the trial commands' paths are the same relative paths on both sides; an example that changed between the
# commits gives a different bundle, as it should.
#
# Compared: every file and symbolic link under each bundle folder runs/NAME/HASH/, and each runs/NAME/latest
# link; a bundle found on one side only is a difference. Not compared byte for byte, and why:
#   - timings.json: wall-clock times of each node (docs/bundles.md: "the bundle's only wall-clock file");
#   - .lock: the process ID and command line of the run that held the bundle (the binary's path differs);
#   - environment.json: compared without its "git" member, which records the commit of the checkout the
#     experiment file is in (OLD_COMMIT on one side, NEW_COMMIT on the other) and whether it was dirty; every
#     other field (versions, OS, data hash, experiment file) must be equal;
#   - journal.jsonl: compared as a sorted list of lines: its lines are appended in completion order, which
#     depends on scheduling (docs/bundles.md), while each line's bytes must be equal. It records the absolute
#     paths of a trial command's fold files, so both sides run into the same output folder, one after the other.
# The test suite's bundle-writing tests are not run here: they compare bundles within one build.
#
# Prints `identical` or `DIFFERENT` per bundle (with the differing files), then a total. Exit status: 0 all
# identical, 1 any difference (or a run failed on one side only), 2 a usage or build error.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: scripts/check-bundle-identity.sh OLD_COMMIT NEW_COMMIT" >&2
  exit 2
fi
repository=$(cd "$(dirname "$0")/.." && pwd)
cd "$repository"
old=$(git rev-parse --verify "$1^{commit}") || { echo "error: '$1' is not a commit" >&2; exit 2; }
new=$(git rev-parse --verify "$2^{commit}") || { echo "error: '$2' is not a commit" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hyperplan-identity.XXXXXX")
worktrees=()
cleanup() {
  for tree in "${worktrees[@]}"; do git -C "$repository" worktree remove --force "$tree" >/dev/null 2>&1 || true; done
  git -C "$repository" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
scratch=${HYPERPLAN_IDENTITY_SCRATCH:-$work/scratch}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)

# Checks out COMMIT in a worktree at $work/NAME.
check_out() {
  git worktree add --detach --quiet "$work/$1" "$2"
  worktrees+=("$work/$1")
}

# Builds the worktree $work/NAME into $work/NAME.hyperplan, or copies the binary given for that side.
build() {
  local name=$1 commit=$2 given
  if [ "$name" = old ]; then given=${HYPERPLAN_IDENTITY_OLD_BIN:-}; else given=${HYPERPLAN_IDENTITY_NEW_BIN:-}; fi
  if [ -n "$given" ]; then
    echo "using $given as the $name binary (not built)" >&2
    cp "$given" "$work/$name.hyperplan"
    return
  fi
  echo "building $name ($(git log -1 --format='%h %s' "$commit" | cut -c1-80)) in $scratch" >&2
  if ! (cd "$work/$name" && swift build -c release --product hyperplan --scratch-path "$scratch" >"$work/$name.build.log" 2>&1); then
    tail -30 "$work/$name.build.log" >&2
    echo "error: the build of $name failed (log above)" >&2
    exit 2
  fi
  cp "$scratch/release/hyperplan" "$work/$name.hyperplan"
}
check_out old "$old"
check_out new "$new"
build new "$new"
if [ "$old" = "$new" ] && [ -z "${HYPERPLAN_IDENTITY_OLD_BIN:-}" ]; then
  cp "$work/new.hyperplan" "$work/old.hyperplan"
else
  build old "$old"
fi

# Runs the examples with one binary into $work/out/SIDE/{single,batch}. Both sides write to the same folder,
# $work/out/run, moved aside afterwards: the journal records the absolute paths of a trial command's fold files.
run_examples() {
  local side=$1 binary=$work/$1.hyperplan status=0 file
  mkdir -p "$work/out/run"
  for file in experiments/*.yaml experiments/*.yml; do
    [ -e "$file" ] || continue
    if ! "$binary" run "$file" -j 2 --quiet --output "$work/out/run/single" >>"$work/$side.runs.log" 2>&1; then
      echo "$side: hyperplan run $file failed (exit $?)" >>"$work/$side.failures"
      status=1
    fi
  done
  if ! "$binary" run experiments -j 2 --quiet --output "$work/out/run/batch" >>"$work/$side.runs.log" 2>&1; then
    echo "$side: hyperplan run experiments (batch) failed" >>"$work/$side.failures"
    status=1
  fi
  mv "$work/out/run" "$work/out/$side"
  return $status
}
echo "running experiments/ at both commits" >&2
(cd "$work/old" && run_examples old) || true
(cd "$work/new" && run_examples new) || true

# Prints the differing files of two bundle folders (relative paths), nothing when identical.
compare_bundle() {
  local a=$1 b=$2 path
  {
    (cd "$a" && find . \( -type f -o -type l \) -print)
    (cd "$b" && find . \( -type f -o -type l \) -print)
  } | sort -u | while read -r path; do
    path=${path#./}
    case $path in
      timings.json | .lock | .*.tmp-*) continue ;;
    esac
    if [ ! -e "$a/$path" ] && [ ! -L "$a/$path" ]; then echo "$path (only in NEW)"; continue; fi
    if [ ! -e "$b/$path" ] && [ ! -L "$b/$path" ]; then echo "$path (only in OLD)"; continue; fi
    if [ -L "$a/$path" ] || [ -L "$b/$path" ]; then
      [ "$(readlink "$a/$path")" = "$(readlink "$b/$path")" ] || echo "$path (link)"
      continue
    fi
    case $path in
      environment.json)
        python3 -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
a.pop("git", None); b.pop("git", None)
sys.exit(a != b)' "$a/$path" "$b/$path" || echo "$path" ;;
      journal.jsonl) cmp -s <(sort "$a/$path") <(sort "$b/$path") || echo "$path" ;;
      *) cmp -s "$a/$path" "$b/$path" || echo "$path" ;;
    esac
  done
}

identical=0 different=0
for mode in single batch; do
  bundles=$(
    for side in old new; do
      root=$work/out/$side/$mode
      [ -d "$root" ] && (cd "$root" && find . -mindepth 2 -maxdepth 2 \( -type d -o -type l \) -print)
    done | sed 's|^\./||' | sort -u
  )
  for bundle in $bundles; do
    a=$work/out/old/$mode/$bundle b=$work/out/new/$mode/$bundle
    label="$mode: runs/$bundle"
    if [ -L "$a" ] || [ -L "$b" ]; then # runs/NAME/latest
      if [ "$(readlink "$a" 2>/dev/null)" = "$(readlink "$b" 2>/dev/null)" ]; then
        identical=$((identical + 1)); echo "identical  $label -> $(readlink "$b")"
      else
        different=$((different + 1)); echo "DIFFERENT  $label: links to $(readlink "$a" 2>/dev/null || echo nothing) (old), $(readlink "$b" 2>/dev/null || echo nothing) (new)"
      fi
      continue
    fi
    if [ ! -d "$a" ] || [ ! -d "$b" ]; then
      different=$((different + 1))
      echo "DIFFERENT  $label: only $([ -d "$a" ] && echo OLD || echo NEW) wrote it"
      continue
    fi
    differences=$(compare_bundle "$a" "$b")
    count=$(cd "$b" && find . -type f ! -name timings.json ! -name .lock | wc -l)
    if [ -z "$differences" ]; then
      identical=$((identical + 1)); echo "identical  $label ($count files)"
    else
      different=$((different + 1)); echo "DIFFERENT  $label: $(echo "$differences" | paste -sd, - | sed 's/,/, /g')"
    fi
  done
done

failures=$(cat "$work"/old.failures "$work"/new.failures 2>/dev/null || true)
if [ -n "$failures" ]; then echo "$failures"; fi
old_failed=$(cut -d: -f2- "$work/old.failures" 2>/dev/null | sort || true)
new_failed=$(cut -d: -f2- "$work/new.failures" 2>/dev/null | sort || true)
echo "total: $identical identical, $different different ($(git log -1 --format=%h "$old") vs $(git log -1 --format=%h "$new"))"
if [ "$different" -gt 0 ] || [ "$old_failed" != "$new_failed" ] || [ $((identical + different)) -eq 0 ]; then exit 1; fi

#!/usr/bin/env python3
"""The fault campaign of issue 11, kept so that anyone can rerun it.

    scripts/fault-campaign.py BINARY [--seed N] [--markdown FILE] [--scale K]

Runs a release (or debug) `hyperplan` binary through faults of every kind and classifies each outcome:

  survived   the run (after the fault, and the reruns a user would do) ends with result files byte-identical to
             an uninterrupted run's, and nothing is left running
  refused    Hyperplan stopped with a non-zero exit status and a message in its own words (no Foundation dump,
             no crash), and did not damage anything outside the bundle
  wrong      exit status 0 (or a refusal that damaged something) but results that differ from the reference
  crash      killed by a signal Hyperplan did not receive from us, or a Swift runtime trap
  hang       did not finish within the time limit

Faults (counts scale with --scale, default 1, which gives a little over 200):
  kill9      SIGKILL at a seeded random moment, one to three times, then reruns, for grid, random, TPE,
             Bayesian, trial-command and batch experiments
  journal    damage to journal.jsonl of a finished bundle: a flipped byte, an edited digit, a deleted,
             duplicated or garbage line, a torn tail, a zeroed block, an empty file, a damaged header
  files      result files of a finished bundle deleted, overwritten or edited, then a batch rerun
  links      journal.jsonl, .lock or a result file replaced by a symbolic link to a file outside the bundle
  programs   hostile trial programs: daemons that call setsid(), floods of output, NaN and text metrics,
             SIGTERM ignored past a timeout, stdout closed early, crashes
  pipes      `run --events jsonl` and `run` piped into `head -c N`
  disk       a full disk (a small tmpfs) and a read-only one; needs root to mount, skipped otherwise

Randomness (which line, which byte, when to kill) comes from --seed; the moment a SIGKILL lands also depends on
the machine's speed, so two campaigns with one seed try different faults of the same kinds. Prints a table and,
with --markdown, writes it with the command line and machine to FILE.
"""

import argparse
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict

RESULT_FILES = ["experiment.yaml", "resolved.json", "plan.json", "trials.jsonl", "results.csv", "summary.json",
                "model.json", "predictions.csv", "manifest.json"]
TIME_LIMIT = 120

EXPERIMENTS = {
    "grid": """name: grid
seed: 5
dataset: {source: builtin:breast_cancer, test_size: 0.2, preprocess: [standardize]}
model: {type: logistic_regression, C: {loguniform: [0.0001, 10000], grid: 12}}
cv: {folds: 5}
""",
    "random": """name: random
seed: 7
dataset: {source: builtin:wine, test_size: 0.25}
model: {type: decision_tree, max_depth: {int: [1, 12]}, min_samples_leaf: {int: [1, 20]}}
cv: {scheme: stratified_kfold, folds: 4}
search: {strategy: random, trials: 16, metric: accuracy}
""",
    "tpe": """name: tpe
seed: 11
dataset: {source: builtin:iris}
model: {type: logistic_regression, C: {loguniform: [0.001, 1000]}}
cv: {scheme: stratified_kfold, folds: 3}
search: {strategy: tpe, trials: 14, metric: accuracy, concurrency: 2}
""",
    "bayesian": """name: bayesian
seed: 13
dataset: {source: builtin:diabetes}
model: {type: linear_regression, penalty: l2, alpha: {loguniform: [0.0001, 100]}}
cv: {folds: 4}
search: {strategy: bayesian, trials: 10, metric: r2}
""",
    "command": """name: command
seed: 17
dataset: {source: builtin:iris, test_size: 0.2}
model:
  type: command
  run: [python3, centroid.py, "{train}", "{validation}", "{shrink}"]
  params:
    shrink: {choice: [0.0, 0.2, 0.4, 0.6, 0.8]}
cv: {scheme: stratified_kfold, folds: 3}
search: {metric: accuracy}
""",
}

CENTROID = r"""import csv, json, sys, time
def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return [([float(v) for v in r[:-1]], r[-1]) for r in rows[1:]]
train, held_out, shrink = load(sys.argv[1]), load(sys.argv[2]), float(sys.argv[3])
time.sleep(0.05)
classes = sorted({y for _, y in train})
centroids = {}
for c in classes:
    xs = [x for x, y in train if y == c]
    centroids[c] = [(1 - shrink) * sum(col) / len(xs) for col in zip(*xs)]
def predict(x):
    return min(classes, key=lambda c: sum((a - b) ** 2 for a, b in zip(x, centroids[c])))
print(json.dumps({"accuracy": sum(predict(x) == y for x, y in held_out) / len(held_out)}))
"""

HOSTILE = {
    "setsid-daemon": ("import json, subprocess, sys\n"
                      "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'], start_new_session=True)\n"
                      "print(json.dumps({'score': 1}))\n", ""),
    "daemon-holds-stdout": ("import json, subprocess, sys, time\n"
                            "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'],"
                            " start_new_session=True)\n"
                            "time.sleep(120)\n", "execution: {trial_timeout: 1s}"),
    "flood-one-line": ("import sys\nsys.stdout.write('a' * 60_000_000)\nprint()\nprint('{\"score\": 1}')\n", ""),
    "flood-lines": ("import sys\nfor _ in range(400_000): print('x' * 120)\nprint('{\"score\": 1}')\n", ""),
    "nan-metric": ("print('{\"score\": NaN}')\n", ""),
    "text-metric": ("print('{\"score\": \"low\"}')\n", ""),
    "ignores-sigterm": ("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(120)\n",
                        "execution: {trial_timeout: 1s}"),
    "closes-stdout": ("import os, time\nos.close(1)\ntime.sleep(0.2)\n", ""),
    "segfault": ("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", ""),
    "forks-children": ("import json, os, time\nfor _ in range(5):\n    if os.fork() == 0:\n        time.sleep(120)\n"
                       "        os._exit(0)\nprint(json.dumps({'score': 1}))\n", ""),
}


class Campaign:
    def __init__(self, binary, seed, scale):
        self.binary = os.path.abspath(binary)
        self.random = random.Random(seed)
        self.scale = scale
        self.root = tempfile.mkdtemp(prefix="hyperplan-faults-")
        self.outcomes = defaultdict(Counter)
        self.failures = []
        self.references = {}
        self.durations = {}

    # Running -----------------------------------------------------------------------------------------------

    def workspace(self, kind):
        directory = tempfile.mkdtemp(dir=self.root)
        kinds = ["grid", "random"] if kind == "batch" else [kind]
        folder = os.path.join(directory, "experiments")
        os.makedirs(folder)
        for name in kinds:
            with open(os.path.join(folder, f"{name}.yaml"), "w") as f:
                f.write(EXPERIMENTS[name])
        with open(os.path.join(folder, "centroid.py"), "w") as f:
            f.write(CENTROID)
        return directory

    def target(self, kind):
        return "experiments" if kind == "batch" else f"experiments/{kind}.yaml"

    def run(self, directory, arguments, timeout=TIME_LIMIT):
        started = time.monotonic()
        try:
            result = subprocess.run([self.binary] + arguments, cwd=directory, capture_output=True, text=True,
                                    errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired as expired:
            self.kill_leftovers()
            return None, time.monotonic() - started, str(expired)
        return result, time.monotonic() - started, result.stderr

    def bundles(self, directory):
        runs = os.path.join(directory, "runs")
        found = {}
        for name in sorted(os.listdir(runs)) if os.path.isdir(runs) else []:
            for entry in sorted(os.listdir(os.path.join(runs, name))):
                path = os.path.join(runs, name, entry)
                if entry != "latest" and os.path.isdir(path) and not os.path.islink(path):
                    found[name] = path
        return found

    def result_files(self, directory):
        files = {}
        for name, bundle in self.bundles(directory).items():
            for file in RESULT_FILES:
                path = os.path.join(bundle, file)
                if os.path.exists(path):
                    with open(path, "rb") as f:
                        files[f"{name}/{file}"] = f.read()
        return files

    def reference(self, kind):
        if kind not in self.references:
            directory = self.workspace(kind)
            result, seconds, stderr = self.run(directory, ["run", self.target(kind), "-j", "2", "--quiet"])
            if result is None or result.returncode != 0:
                sys.exit(f"the reference run of '{kind}' failed:\n{stderr}")
            self.references[kind] = self.result_files(directory)
            self.durations[kind] = seconds
        return self.references[kind]

    def finished_copy(self, kind):
        """A workspace holding a complete run of `kind`."""
        self.reference(kind)
        directory = self.workspace(kind)
        result, _, stderr = self.run(directory, ["run", self.target(kind), "-j", "2", "--quiet"])
        assert result is not None and result.returncode == 0, stderr
        return directory

    def tagged_processes(self):
        """Live processes carrying a trial tag that run in this campaign's folders: a trial program of the
        campaign or its descendant (other Hyperplan runs on the machine are left alone)."""
        found = []
        root = os.path.realpath(self.root) + "/"
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/environ", "rb") as f:
                    environment = f.read()
                with open(f"/proc/{name}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
                cwd = os.readlink(f"/proc/{name}/cwd") + "/"
            except OSError:
                continue
            if b"HYPERPLAN_PROCESS_TAG=" in environment and state != "Z" and cwd.startswith(root):
                found.append(int(name))
        return found

    def kill_leftovers(self):
        for pid in self.tagged_processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    # Classifying -------------------------------------------------------------------------------------------

    @staticmethod
    def crashed(result, stderr):
        if result is not None and result.returncode < 0 and result.returncode != -signal.SIGKILL:
            return True
        markers = ["Fatal error", "Illegal instruction", "Segmentation fault", "Swift runtime failure",
                   "Current stack trace"]
        return any(marker in (stderr or "") for marker in markers)

    @staticmethod
    def clear_refusal(result, stderr):
        if result is None or result.returncode <= 0:
            return False
        dumps = ["Error Domain=", "NSCocoaErrorDomain", "UserInfo=", "(null)"]
        return "error:" in stderr and not any(dump in stderr for dump in dumps)

    def record(self, family, fault, outcome, detail=""):
        self.outcomes[family][outcome] += 1
        if outcome in ("wrong", "crash", "hang"):
            self.failures.append(f"{family}/{fault}: {outcome}: {detail[-400:]}")

    def judge_rerun(self, family, fault, directory, kind, result, stderr, expect_refusal=False):
        """Classifies a run that should end with the reference's files, or a clear refusal."""
        if result is None:
            return self.record(family, fault, "hang", stderr)
        if self.crashed(result, stderr):
            return self.record(family, fault, "crash", stderr)
        if self.tagged_processes():
            self.kill_leftovers()
            return self.record(family, fault, "wrong", "trial processes outlived the run")
        if result.returncode != 0:
            if self.clear_refusal(result, stderr):
                return self.record(family, fault, "refused")
            return self.record(family, fault, "wrong", f"status {result.returncode}: {stderr}")
        if expect_refusal:
            return self.record(family, fault, "wrong", "accepted a damaged header")
        if self.result_files(directory) != self.references[kind]:
            return self.record(family, fault, "wrong", "result files differ from the reference")
        self.record(family, fault, "survived")

    # Fault families ----------------------------------------------------------------------------------------

    def kill9(self):
        for kind in ["grid", "random", "tpe", "bayesian", "command", "batch"]:
            self.reference(kind)
            for _ in range(10 * self.scale):
                directory = self.workspace(kind)
                kills = self.random.randint(1, 3)
                for _ in range(kills):
                    delay = self.random.uniform(0, self.durations[kind])
                    process = subprocess.Popen([self.binary, "run", self.target(kind), "-j", "2", "--quiet"],
                                               cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    time.sleep(delay)
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                result, _, stderr = self.run(directory, ["run", self.target(kind), "-j", "2", "--quiet"])
                self.judge_rerun("kill9", kind, directory, kind, result, stderr)
                shutil.rmtree(directory, ignore_errors=True)

    JOURNAL_DAMAGE = ["flip-byte", "edit-digit", "delete-line", "duplicate-line", "garbage-line", "torn-tail",
                      "zero-block", "empty-file", "garbage-tail", "header"]

    def journal(self):
        for damage in self.JOURNAL_DAMAGE:
            for _ in range(8 * self.scale):
                kind = self.random.choice(["grid", "random", "tpe", "bayesian", "command"])
                directory = self.finished_copy(kind)
                bundle = self.bundles(directory)[kind]
                path = os.path.join(bundle, "journal.jsonl")
                with open(path, "rb") as f:
                    data = bytearray(f.read())
                lines = data.split(b"\n")[:-1]
                pick = self.random.randrange(1, len(lines))
                if damage == "flip-byte":
                    line_start = sum(len(line) + 1 for line in lines[:pick])
                    data[line_start + self.random.randrange(len(lines[pick]))] ^= 1 << self.random.randrange(8)
                elif damage == "edit-digit":
                    digits = [i for i, c in enumerate(lines[pick]) if chr(c).isdigit()]
                    line = bytearray(lines[pick])
                    i = self.random.choice(digits)
                    line[i] = ord(str((int(chr(line[i])) + self.random.randint(1, 9)) % 10))
                    lines[pick] = bytes(line)
                    data = bytearray(b"\n".join(lines) + b"\n")
                elif damage == "delete-line":
                    del lines[pick]
                    data = bytearray(b"\n".join(lines) + b"\n")
                elif damage == "duplicate-line":
                    lines.insert(pick, lines[pick])
                    data = bytearray(b"\n".join(lines) + b"\n")
                elif damage == "garbage-line":
                    lines.insert(pick, bytes(self.random.randrange(32, 127) for _ in range(40)))
                    data = bytearray(b"\n".join(lines) + b"\n")
                elif damage == "torn-tail":
                    del data[self.random.randrange(len(data) - len(lines[-1]), len(data) - 1):]
                elif damage == "zero-block":
                    start = self.random.randrange(len(lines[0]) + 1, len(data) - 1)
                    data[start:start + 512] = bytes(min(512, len(data) - start))
                elif damage == "empty-file":
                    data = bytearray()
                elif damage == "garbage-tail":
                    data += bytes(self.random.randrange(0, 256) for _ in range(100))
                elif damage == "header":
                    data[self.random.randrange(len(lines[0]))] ^= 1 << self.random.randrange(8)
                with open(path, "wb") as f:
                    f.write(data)
                result, _, stderr = self.run(directory, ["run", self.target(kind), "-j", "2", "--quiet"])
                if damage == "header" and result is not None and result.returncode != 0:
                    # The refused journal must be left as it was.
                    with open(path, "rb") as f:
                        untouched = f.read() == bytes(data)
                    if not untouched:
                        self.record("journal", damage, "wrong", "a refused journal was changed")
                        continue
                self.judge_rerun("journal", damage, directory, kind, result, stderr,
                                 expect_refusal=damage == "header")
                shutil.rmtree(directory, ignore_errors=True)

    def files(self):
        for file in ["trials.jsonl", "results.csv", "summary.json", "model.json", "predictions.csv", "plan.json",
                     "resolved.json", "manifest.json"]:
            for damage in ["delete", "overwrite", "edit"]:
                kind = "batch"
                self.reference(kind)
                directory = self.finished_copy(kind)
                bundle = self.bundles(directory)[self.random.choice(["grid", "random"])]
                path = os.path.join(bundle, file)
                if not os.path.exists(path):
                    continue
                if damage == "delete":
                    os.remove(path)
                elif damage == "overwrite":
                    with open(path, "w") as f:
                        f.write("overwritten\n")
                else:
                    with open(path, "rb") as f:
                        data = bytearray(f.read())
                    data[self.random.randrange(len(data))] ^= 0x01
                    with open(path, "wb") as f:
                        f.write(data)
                result, _, stderr = self.run(directory, ["run", "experiments", "-j", "2", "--quiet"])
                self.judge_rerun("files", f"{file}-{damage}", directory, kind, result, stderr)
                shutil.rmtree(directory, ignore_errors=True)

    def links(self):
        for file in ["journal.jsonl", ".lock", "results.csv", "summary.json"]:
            for _ in range(2 * self.scale):
                kind = self.random.choice(["grid", "random"])
                directory = self.finished_copy(kind)
                bundle = self.bundles(directory)[kind]
                outside = os.path.join(directory, "precious.txt")
                with open(outside, "w") as f:
                    f.write("precious\n")
                os.remove(os.path.join(bundle, file))
                os.symlink(outside, os.path.join(bundle, file))
                result, _, stderr = self.run(directory, ["run", self.target(kind), "-j", "2", "--quiet"])
                with open(outside) as f:
                    if f.read() != "precious\n":
                        self.record("links", file, "wrong", "the link's target was written")
                        continue
                self.judge_rerun("links", file, directory, kind, result, stderr)
                shutil.rmtree(directory, ignore_errors=True)

    def programs(self):
        for name, (script, extra) in HOSTILE.items():
            for jobs in (1, 2):
                directory = tempfile.mkdtemp(dir=self.root)
                with open(os.path.join(directory, "hostile.py"), "w") as f:
                    f.write(script)
                with open(os.path.join(directory, "hostile.yaml"), "w") as f:
                    f.write("name: hostile\nmodel:\n  type: command\n  run: [python3, hostile.py, \"{x}\"]\n"
                            "  params:\n    x: {choice: [1, 2]}\nsearch: {metric: score, goal: maximize}\n"
                            + extra + "\n")
                result, _, stderr = self.run(directory, ["run", "hostile.yaml", "-j", str(jobs), "--quiet"])
                if result is None:
                    self.record("programs", name, "hang", stderr)
                elif self.crashed(result, stderr):
                    self.record("programs", name, "crash", stderr)
                elif self.tagged_processes():
                    self.kill_leftovers()
                    self.record("programs", name, "wrong", "trial processes outlived the run")
                elif result.returncode == 0:
                    self.record("programs", name, "survived")
                elif result.returncode == 1 and "trial 0 failed: " in result.stdout + stderr:
                    # Every trial failed, each with its reason: the run says so (in its summary) and exits 1.
                    self.record("programs", name, "refused")
                else:
                    self.record("programs", name, "wrong", f"status {result.returncode}: {stderr}")
                shutil.rmtree(directory, ignore_errors=True)

    def pipes(self):
        for arguments in (["--events", "jsonl"], []):
            for limit in (1, 100, 2000):
                kind = "grid"
                self.reference(kind)
                directory = self.workspace(kind)
                command = [self.binary, "run", self.target(kind), "-j", "2"] + arguments
                try:
                    producer = subprocess.Popen(command, cwd=directory, stdout=subprocess.PIPE,
                                                stderr=subprocess.PIPE)
                    consumer = subprocess.run(["head", "-c", str(limit)], stdin=producer.stdout,
                                              capture_output=True, timeout=TIME_LIMIT)
                    producer.stdout.close()
                    stderr = producer.stderr.read().decode(errors="replace")
                    producer.wait(timeout=TIME_LIMIT)
                except subprocess.TimeoutExpired:
                    self.record("pipes", f"head-c-{limit}", "hang")
                    continue
                result = subprocess.CompletedProcess(command, producer.returncode, "", stderr)
                self.judge_rerun("pipes", f"head-c-{limit}", directory, kind, result, stderr)
                shutil.rmtree(directory, ignore_errors=True)

    def disk(self):
        if os.geteuid() != 0:
            print("disk: skipped (mounting a tmpfs needs root)", file=sys.stderr)
            return
        for size in [16, 32, 48, 64, 96, 128, 192]:
            for read_only in (False, True):
                mountpoint = tempfile.mkdtemp(dir=self.root)
                options = f"size={size}k" + (",ro" if read_only else "")
                if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", mountpoint]).returncode != 0:
                    print("disk: skipped (mount failed)", file=sys.stderr)
                    return
                try:
                    experiment = os.path.join(self.root, f"disk-{size}.yaml")
                    with open(experiment, "w") as f:
                        f.write(EXPERIMENTS["random"])
                    result, _, stderr = self.run(
                        mountpoint if not read_only else self.root,
                        ["run", experiment, "--output", os.path.join(mountpoint, "runs"), "--quiet"])
                    leftovers = [name for _, _, names in os.walk(mountpoint) for name in names if ".tmp-" in name]
                    fault = f"{'read-only' if read_only else 'full'}-{size}k"
                    if result is None:
                        self.record("disk", fault, "hang", stderr)
                    elif self.crashed(result, stderr):
                        self.record("disk", fault, "crash", stderr)
                    elif leftovers:
                        self.record("disk", fault, "wrong", f"temporary files left: {leftovers}")
                    elif result.returncode == 0:
                        same = self.result_files(mountpoint) == self.reference("random")
                        self.record("disk", fault, "survived" if same else "wrong", "results differ")
                    elif self.clear_refusal(result, stderr):
                        self.record("disk", fault, "refused")
                    else:
                        self.record("disk", fault, "wrong", f"status {result.returncode}: {stderr}")
                finally:
                    subprocess.run(["umount", mountpoint])

    # Report ------------------------------------------------------------------------------------------------

    def table(self):
        columns = ["survived", "refused", "wrong", "crash", "hang"]
        rows = [["family", "faults"] + columns]
        total = Counter()
        for family, counts in self.outcomes.items():
            rows.append([family, str(sum(counts.values()))] + [str(counts[c]) for c in columns])
            total.update(counts)
        rows.append(["total", str(sum(total.values()))] + [str(total[c]) for c in columns])
        return rows, total

    def markdown(self, rows, command):
        lines = [f"`{command}` on {platform.system()} {platform.release()}, {os.cpu_count()} cores:", "",
                 "| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--markdown")
    arguments = parser.parse_args()
    campaign = Campaign(arguments.binary, arguments.seed, arguments.scale)
    started = time.monotonic()
    try:
        for family in [campaign.kill9, campaign.journal, campaign.files, campaign.links, campaign.programs,
                       campaign.pipes, campaign.disk]:
            family()
            print(f"{family.__name__}: {dict(campaign.outcomes[family.__name__])}", file=sys.stderr)
    finally:
        campaign.kill_leftovers()
        shutil.rmtree(campaign.root, ignore_errors=True)
    rows, total = campaign.table()
    width = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.rjust(width[i]) if i else cell.ljust(width[i]) for i, cell in enumerate(row)))
    print(f"{time.monotonic() - started:.0f} s")
    for failure in campaign.failures:
        print("FAILURE " + failure)
    if arguments.markdown:
        command = "scripts/fault-campaign.py " + " ".join(sys.argv[1:])
        with open(arguments.markdown, "w") as f:
            f.write(campaign.markdown(rows, command))
    sys.exit(1 if total["wrong"] or total["crash"] or total["hang"] else 0)


if __name__ == "__main__":
    main()

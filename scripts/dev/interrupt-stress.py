#!/usr/bin/env python3
"""Checks that hyperplan never loses a Ctrl-C while trial programs run: starts a 4-trial command sweep at
-j 2 in a temporary folder, sends SIGINT once both programs have started, then SIGINT again a second later,
and counts the runs whose standard error lacks 'stopping:' or that do not exit within 8 s.

    python3 scripts/dev/interrupt-stress.py .build/debug/hyperplan 100

Run it beside a busy machine (two `yes > /dev/null`) to vary the scheduling. Exit status 1 if any was lost."""
import os, shutil, signal, subprocess, sys, tempfile, time

EXPERIMENT = """name: interrupt
model:
  type: command
  run: [python3, program.py, "{x}"]
  params:
    x: {choice: [1, 2, 3, 4]}
search: {metric: score, goal: maximize}
"""
PROGRAM = """import time
with open("programs", "a") as f:
    f.write("started\\n"); f.flush()
time.sleep(30)
"""

binary, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2])
folder = tempfile.mkdtemp(prefix="hyperplan-interrupt-")
os.chdir(folder)
open("experiment.yaml", "w").write(EXPERIMENT)
open("program.py", "w").write(PROGRAM)
lost = 0
for attempt in range(runs):
    shutil.rmtree("runs", ignore_errors=True)
    open("programs", "w").close()
    process = subprocess.Popen([binary, "run", "experiment.yaml", "-j", "2", "--quiet", "--output", "runs"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    start = time.time()
    while open("programs").read().count("started") < 2 and time.time() - start < 20:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=8)
        if b"stopping:" not in process.stderr.read():
            lost += 1
            print(f"run {attempt}: no 'stopping:' after the first Ctrl-C")
    except subprocess.TimeoutExpired:
        lost += 1
        print(f"run {attempt}: did not stop")
        process.kill()
        process.wait()
shutil.rmtree(folder, ignore_errors=True)
print(f"{lost} of {runs} runs lost a Ctrl-C")
sys.exit(1 if lost else 0)

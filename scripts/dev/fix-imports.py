#!/usr/bin/env python3
"""Build repeatedly; upgrade `import X` to `package import X` where the compiler says a package declaration
needs it, and add missing imports MemberImportVisibility asks for. Usage: fix_imports.py REPO"""
import re, subprocess, sys, pathlib
repo = pathlib.Path(sys.argv[1])
for iteration in range(40):
    out = subprocess.run(["swift", "build", "--build-tests"], cwd=repo, capture_output=True, text=True)
    text = out.stdout + out.stderr
    if out.returncode == 0:
        print("build ok after", iteration, "iterations"); sys.exit(0)
    upgrades, adds = set(), set()
    current = None
    for line in text.splitlines():
        m = re.match(r"^(/\S+\.swift):\d+:\d+: error: (.*)", line)
        if m:
            current = m.group(1)
            msg = m.group(2)
            mm = re.search(r"missing import of defining module '(\w+)'", msg)
            if mm: adds.add((current, mm.group(1)))
            mm = re.search(r"imported as 'internal' from '(\w+)'", msg) or re.search(r"as 'internal' from '(\w+)'", msg)
            if mm: upgrades.add((current, mm.group(1)))
            continue
        if current:
            mm = re.search(r"(?:is )?imported (?:by this file )?as 'internal' from '(\w+)'", line)
            if mm: upgrades.add((current, mm.group(1)))
            mm = re.search(r"missing import of defining module '(\w+)'", line)
            if mm: adds.add((current, mm.group(1)))
    changed = 0
    for path, module in sorted(upgrades):
        p = pathlib.Path(path)
        if not p.exists() or "/.build/" in path: continue
        s = p.read_text()
        mod = {"FoundationEssentials": "Foundation"}.get(module, module)
        new = re.sub(rf"^import {mod}$", f"package import {mod}", s, flags=re.M)
        if new == s and not re.search(rf"^package import {mod}$", s, flags=re.M):
            new = f"package import {mod}\n" + s
        if new != s: p.write_text(new); changed += 1
    for path, module in sorted(adds):
        p = pathlib.Path(path)
        if not p.exists() or "/.build/" in path: continue
        s = p.read_text()
        mod = {"FoundationEssentials": "Foundation"}.get(module, module)
        if re.search(rf"^(package |public |internal )?import {mod}$", s, flags=re.M): continue
        s = f"import {mod}\n" + s
        p.write_text(s); changed += 1
    print(f"iteration {iteration}: {len(upgrades)} upgrades, {len(adds)} adds, {changed} files changed", flush=True)
    if changed == 0:
        errs = [l for l in text.splitlines() if "error:" in l]
        print("\n".join(sorted(set(errs))[:40])); sys.exit(1)
sys.exit(1)

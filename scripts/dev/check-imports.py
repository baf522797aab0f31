#!/usr/bin/env python3
"""Lists each target that imports a module of this package it does not declare as a dependency in
Package.swift (run from the repository root; prints 0 when the graph is complete)."""
import re, pathlib, sys
pkg=open('Package.swift').read()
deps={}
for m in re.finditer(r'library\(\s*"(\w+)",\s*\[([^\]]*)\]', pkg):
    deps[m.group(1)]=set(re.findall(r'"(\w+)"', m.group(2)))
for m in re.finditer(r'tests\(\s*"(\w+)",\s*\[([^\]]*)\]', pkg):
    deps[m.group(1)]=set(re.findall(r'"(\w+)"', m.group(2)))|{"HyperplanTestSupport","HyperplanCore"}
local=set(deps.keys())
bad=0
for mod, d in deps.items():
    base=pathlib.Path('Sources',mod)
    if not base.exists(): base=pathlib.Path('Tests',mod)
    imports=set()
    for p in base.rglob('*.swift'):
        for l in p.read_text().split('\n'):
            m=re.match(r'^(?:@testable |package |internal |public |@preconcurrency )*import (\w+)', l)
            if m: imports.add(m.group(1))
    undeclared={i for i in imports if i in local and i not in d and i!=mod}
    if undeclared: print(mod, sorted(undeclared)); bad+=1
print("modules with undeclared imports:", bad)

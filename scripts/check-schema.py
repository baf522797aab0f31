#!/usr/bin/env python3
"""Checks experiment files against schemas/experiment.schema.json.

Usage:
    python3 scripts/check-schema.py            # the corpus: see below
    python3 scripts/check-schema.py FILE...    # these files must validate

With no arguments, every file in experiments/*.yaml, Tests/ExperimentSpecTests/Corpus/valid/*.yaml and
Tests/SchemaCorpus/valid/*.yaml must validate, and every file in Tests/SchemaCorpus/invalid/*.yaml must not.
Prints one line per file and a summary. Exit status: 0 all as expected, 1 otherwise, 3 when the `jsonschema`
or `PyYAML` package is missing.

YAML is read the way `hyperplan` reads it (YAML 1.2 core schema, as Sources/ExperimentSpec/YAMLNode.swift
resolves plain scalars), not with PyYAML's YAML 1.1 rules: `yes`/`no`/`on`/`off` stay strings, `1e3` is a
number, `0x10` and `0o17` are integers, `010` is ten, `1_000`, `1:30` and dates are not special, `!!str`
keeps a scalar a string while other explicit tags are ignored (as the tool does), and a duplicate key is an
error. Merge keys (`<<: *defaults`) apply, explicit keys winning.
"""

import glob
import json
import math
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:
    print(f"check-schema: {error.name or error} is not installed; it needs the 'jsonschema' and 'PyYAML' packages "
          "(pip install jsonschema PyYAML)", file=sys.stderr)
    sys.exit(3)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_PATH = os.path.join(ROOT, "schemas", "experiment.schema.json")
MUST_VALIDATE = ["experiments/*.yaml", "Tests/ExperimentSpecTests/Corpus/valid/*.yaml", "Tests/SchemaCorpus/valid/*.yaml"]
MUST_NOT_VALIDATE = ["Tests/SchemaCorpus/invalid/*.yaml"]


class CoreSchemaLoader(yaml.SafeLoader):
    """A SafeLoader that resolves plain scalars like hyperplan's YAMLNode.resolvePlain (YAML 1.2 core)."""

    def get_event(self):
        # hyperplan resolves a plain scalar itself, keeping only an explicit `!!str` (`!!str 5` is a string,
        # `!!int 5` the integer 5); dropping other tags makes PyYAML do the same. Quoted scalars stay strings.
        event = super().get_event()
        if isinstance(event, yaml.ScalarEvent) and event.tag not in (None, "!", "tag:yaml.org,2002:str"):
            event.tag = None
            event.implicit = (event.style is None, event.style is not None)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) and event.tag not in (None, "!"):
            event.tag = None
            event.implicit = True
        return event

    def construct_mapping(self, node, deep=False):
        # hyperplan (via libyaml) rejects a key that appears twice in one mapping; PyYAML keeps the last one.
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key '{key_node.value}'", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


# Replace every implicit resolver (YAML 1.1's bool, int, float, null, timestamp, merge and value) with the
# tool's rules. Resolvers are looked up by the scalar's first character.
CoreSchemaLoader.yaml_implicit_resolvers = {}
_DIGITS = list("0123456789")
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
# Merge keys work as in the tool: keys written in the mapping win, then the first merged mapping.
CoreSchemaLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$"), ["-", "+"] + _DIGITS)
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    ["-", "+", "."] + _DIGITS)

_INT64_MAX = 2**63 - 1


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith(("0x", "0o")):
        return int(text[2:], 16 if text[1] == "x" else 8)
    value = int(text, 10)  # `010` is 10: only `0o` marks octal
    # An integer that does not fit 64 bits becomes a real number, as in the tool.
    return value if -_INT64_MAX - 1 <= value <= _INT64_MAX else float(text)


def _construct_float(loader, node):
    text = loader.construct_scalar(node)
    special = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
    return special[text.lower()] if text.lower() in special else float(text)


CoreSchemaLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
CoreSchemaLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=CoreSchemaLoader)


def first_error(validator, document):
    """The most relevant schema error, as 'at PATH: message', or None when the document is valid."""
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is None:
        return None
    location = "/".join(str(part) for part in error.absolute_path) or "(top level)"
    message = error.message if len(error.message) <= 160 else error.message[:157] + "..."
    return f"at {location}: {message}"


def check(path, validator):
    """(valid, reason) for one file; reason explains a failure."""
    try:
        document = load(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return False, f"cannot read YAML: {' '.join(str(error).split())}"
    if document is None:
        return False, "the document is empty"
    reason = first_error(validator, document)
    return reason is None, reason


def main(arguments):
    try:
        with open(SCHEMA_PATH, encoding="utf-8") as handle:
            schema = json.load(handle)
        jsonschema.Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as error:
        print(f"check-schema: cannot use {os.path.relpath(SCHEMA_PATH)}: {error}", file=sys.stderr)
        return 1
    validator = jsonschema.Draft202012Validator(schema)

    if arguments:
        cases = [(path, True) for path in arguments]
    else:
        cases = []
        for patterns, expected in ((MUST_VALIDATE, True), (MUST_NOT_VALIDATE, False)):
            for pattern in patterns:
                cases += [(path, expected) for path in sorted(glob.glob(os.path.join(ROOT, pattern)))]
        if not cases:
            print("check-schema: no files found", file=sys.stderr)
            return 1

    unexpected = 0
    for path, expected in cases:
        valid, reason = check(path, validator)
        shown = os.path.relpath(path, ROOT) if os.path.isabs(path) else path
        if valid == expected:
            print(f"ok    {shown}" if valid else f"ok    {shown}: rejected as expected, {reason}")
        else:
            unexpected += 1
            if expected:
                print(f"FAIL  {shown}: should validate, but {reason}")
            else:
                print(f"FAIL  {shown}: should not validate, but the schema accepts it")
    total = len(cases)
    print(f"{total - unexpected} of {total} files as expected" + (f", {unexpected} not" if unexpected else ""))
    return 0 if unexpected == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

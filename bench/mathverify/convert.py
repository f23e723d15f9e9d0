#!/usr/bin/env python3
"""Turns Math-Verify's parametrized tests into JSONL cases for bench/mathverify.

Usage: convert.py PATH > cases.jsonl

PATH is a copy of huggingface/Math-Verify: a checkout, or the bare git directory
that `fetch github:huggingface/Math-Verify` leaves (read with `git show HEAD:...`).
Their data is not committed here; this script only reads it.

Each output line is one parametrized case:
  {"suite": "test_all.py::test_sets_handling", "gold": ..., "pred": ...,
   "expected": true|false, "match_types": ["latex", "expr"], "precision": 6,
   "strict": true, "allow_set_relation_comp": false}
The test files are read with ast (never imported or run): a function decorated with
pytest.mark.parametrize whose names include gold and pred gives its literal rows; the
match_types / precision / strict / allow_set_relation_comp it passes to compare_strings
(a literal, or one of its parameters) go with each row.
"""
import ast
import json
import math
import os
import subprocess
import sys

TESTS = "tests"


def list_files(path):
    if os.path.isdir(os.path.join(path, TESTS)):
        names = sorted(os.listdir(os.path.join(path, TESTS)))

        def read(n):
            with open(os.path.join(path, TESTS, n), encoding="utf-8") as f:
                return f.read()
    else:
        out = subprocess.run(["git", "--git-dir", path, "ls-tree", "--name-only", "HEAD", TESTS + "/"],
                             check=True, capture_output=True, text=True).stdout
        names = sorted(os.path.basename(l) for l in out.split())

        def read(n):
            return subprocess.run(["git", "--git-dir", path, "show", "HEAD:%s/%s" % (TESTS, n)],
                                  check=True, capture_output=True, text=True).stdout
    return [(n, read(n)) for n in names if n.startswith("test_") and n.endswith(".py")]


def parametrize(dec):
    """Returns (names, rows) of a @pytest.mark.parametrize(...) decorator, else None."""
    if not (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr == "parametrize"):
        return None
    if len(dec.args) < 2:
        return None
    try:
        names = ast.literal_eval(dec.args[0])
    except ValueError:
        return None
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",")]
    rows = []
    elts = dec.args[1].elts if isinstance(dec.args[1], (ast.List, ast.Tuple)) else []
    for e in elts:
        try:
            rows.append(ast.literal_eval(e))
        except ValueError:
            rows.append(computed(e))
    return list(names), rows


def computed(e):
    """A row with an f-string such as f"{math.sqrt(17):.15f}": evaluated with only the math
    module in scope (no builtins); anything else is skipped."""
    try:
        return eval(compile(ast.Expression(e), "<row>", "eval"), {"__builtins__": {}, "math": math})
    except Exception:
        return None


def call_settings(fn):
    """The keyword arguments the test body passes to compare_strings (or parse/verify)."""
    settings = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "compare_strings":
            for kw in node.keywords:
                if isinstance(kw.value, ast.Name):
                    settings[kw.arg] = ("param", kw.value.id)
                else:
                    try:
                        settings[kw.arg] = ("value", ast.literal_eval(kw.value))
                    except ValueError:
                        pass
    return settings


def cases(fname, src):
    tree = ast.parse(src)
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        for dec in fn.decorator_list:
            p = parametrize(dec)
            if p is None or "gold" not in p[0] or "pred" not in p[0]:
                continue
            names, rows = p
            settings = call_settings(fn)
            for row in rows:
                if row is None or len(row) != len(names):
                    continue
                vals = dict(zip(names, row))
                case = {"suite": "%s::%s" % (fname, fn.name), "gold": vals["gold"], "pred": vals["pred"],
                        "expected": bool(vals.get("expected", vals.get("result"))),
                        "match_types": ["latex", "expr"], "precision": 6, "strict": True,
                        "allow_set_relation_comp": False}
                for k, (how, v) in settings.items():
                    if k in case:
                        case[k] = vals.get(v, case[k]) if how == "param" else v
                yield case


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for fname, src in list_files(sys.argv[1]):
        for c in cases(fname, src):
            print(json.dumps(c, ensure_ascii=False))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The peer of `grpodata verify --verifier format` in bench/format.sh: the
format reward as GRPO recipes write it in Python (one anchored regular
expression per completion, as open-r1's and TRL's format rewards do), over
the same JSONL file with the standard json module, writing each record with
its scores. It checks less than grpodata's verifier (no empty-block, repeat
or code-fence rules); the point is the cost of the loop.

    python3 bench/format_peer.py IN.jsonl OUT.jsonl
    python3 bench/format_peer.py --make IN.jsonl OUT.jsonl   # wrap texts in <think>/<answer> tags
"""
import json
import re
import sys

PATTERN = re.compile(r"^\s*<think>.+?</think>\s*(?:<answer>.+?</answer>\s*)?$", re.S)


def make(src, dst):
    """Gives 70% of the responses a think block and an answer block."""
    with open(src) as f, open(dst, "w") as out:
        for n, line in enumerate(f):
            rec = json.loads(line)
            for i, r in enumerate(rec["responses"]):
                if (n + i) % 10 < 7:
                    r["text"] = "<think>\n" + r["text"] + "\n</think>\n<answer>\n%d\n</answer>" % i
            out.write(json.dumps(rec) + "\n")


def score(src, dst):
    with open(src) as f, open(dst, "w") as out:
        for line in f:
            rec = json.loads(line)
            for r in rec["responses"]:
                r["score"] = 1.0 if PATTERN.match(r["text"]) else 0.0
            out.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "--make":
        make(sys.argv[2], sys.argv[3])
    else:
        score(sys.argv[1], sys.argv[2])

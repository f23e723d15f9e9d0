#!/usr/bin/env python3
"""The straightforward Python validator the benchmark compares against: one
pass with orjson doing the guide's three checks (group_size, scores,
coverage). It prints the same counts grpodata reports."""
import sys
from collections import Counter

import orjson


def main(path, expected=None):
    sizes = Counter()
    bad_size = 0
    missing = invalid = 0
    total = verified = 0
    records = 0
    size_by_line = []
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            data = orjson.loads(line)
            records += 1
            responses = data["responses"]
            n = len(responses)
            sizes[n] += 1
            if expected is not None and n != expected:
                bad_size += 1
            for r in responses:
                total += 1
                score = r.get("score")
                if score is None:
                    missing += 1
                else:
                    verified += 1
                    if not (0.0 <= score <= 1.0):
                        invalid += 1
    coverage = 100.0 * verified / total if total else 0.0
    print(f"records={records} responses={total} bad_group_size={bad_size} "
          f"missing_scores={missing} invalid_scores={invalid} coverage={coverage:.1f}%")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)

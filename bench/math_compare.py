#!/usr/bin/env python3
"""Runs Hugging Face's Math-Verify on the same labelled cases as
bench/mathcmp (grpodata's engine), in one run, and prints both accuracies and
the per-case speed ratio.

    go run ./bench/mathcmp -cases CASES.jsonl -verdicts /tmp/grpodata.jsonl
    python3 bench/math_compare.py CASES.jsonl /tmp/grpodata.jsonl

Math-Verify (pip install math-verify) must be importable; without it the
script says so and exits 3. Cases: JSONL {"ref", "resp", "eq"}."""
import json
import statistics
import sys
import time


def main(cases_path, verdicts_path):
    try:
        from math_verify import parse, verify
    except ImportError:
        print("math_verify is not installed (pip install math-verify); nothing to compare", file=sys.stderr)
        sys.exit(3)
    cases = [json.loads(l) for l in open(cases_path) if l.strip()]
    ours = [json.loads(l) for l in open(verdicts_path) if l.strip()]
    mv_right, mv_times = 0, []
    # the labels mathcmp judged against (corpus_relabel.jsonl applied) score both engines
    labels = {o["i"]: o["eq"] for o in ours}
    for i, c in enumerate(cases):
        start = time.perf_counter()
        try:
            gold = parse("$" + c["ref"] + "$")
            pred = parse(c["resp"])
            got = bool(verify(gold, pred))
        except Exception:
            got = False
        mv_times.append((time.perf_counter() - start) * 1e6)
        mv_right += got == labels.get(i, c["eq"])
    our_right = sum(o["got"] == o["eq"] for o in ours)
    our_med = statistics.median(o["us"] for o in ours)
    mv_med = statistics.median(mv_times)
    n = len(cases)
    print(f"grpodata:    {our_right}/{n} ({100 * our_right / n:.2f}%), median {our_med:.1f} µs per case")
    print(f"Math-Verify: {mv_right}/{n} ({100 * mv_right / n:.2f}%), median {mv_med:.1f} µs per case")
    print(f"grpodata is {mv_med / our_med:.0f}x faster per case (median)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

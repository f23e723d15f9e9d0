#!/usr/bin/env python3
"""An exec verifier for grpodata: exact match of the final answer.

    grpodata verify in.jsonl -o out.jsonl --verifier exec:examples/plugins/exact_answer.py
    grpodata verify in.jsonl -o out.jsonl --verifier 'exec:"python3 examples/plugins/exact_answer.py",format:0.1'

grpodata starts one copy per worker and keeps it running. Each stdin line is
one response to score:

    {"id": "...", "index": 0, "record": {...the whole record...}, "response": {"text": "..."}}

and each answer is one stdout line (answers may come in any order):

    {"id": "...", "index": 0, "score": 1.0, "correct": true, "reason": "..."}

A null score means "cannot decide" (here: the record has no reference
answer). Only the standard library is used; copy this file to start your own.
"""
import json
import re
import sys


def final_text(text):
    """What follows the reasoning block: a \\boxed{} inside <think> is not the answer."""
    if "</think>" in text:
        return text.rsplit("</think>", 1)[1]
    if text.lstrip().startswith("<think>"):
        return ""  # never left the reasoning
    return text


def last_boxed(text):
    """The content of the last \\boxed{...}, braces balanced, or None."""
    start = text.rfind("\\boxed{")
    if start < 0:
        return None
    depth, i = 0, start + len("\\boxed")
    for j in range(i, len(text)):
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1 : j]
    return None


def extract(text):
    text = final_text(text)
    m = re.findall(r"<answer>(.*?)</answer>", text, re.S)
    if m:
        return m[-1]
    boxed = last_boxed(text)
    if boxed is not None:
        return boxed
    m = re.findall(r"(?:answer is|Answer:)\s*(.+)", text)
    if m:
        return m[-1]
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else None


def normalise(s):
    s = s.strip().strip("$").strip().rstrip(".").strip()
    return re.sub(r"\s+", " ", s).lower()


def score(record, response):
    reference = record.get("answer")
    if reference is None or str(reference).strip() == "":
        return None, False, "no reference answer"
    got = extract(response.get("text", ""))
    if got is None:
        return 0.0, False, "no answer found"
    if normalise(got) == normalise(str(reference)):
        return 1.0, True, "exact match"
    return 0.0, False, "mismatch: %r vs %r" % (normalise(got)[:40], normalise(str(reference))[:40])


def main():
    for line in sys.stdin:
        req = json.loads(line)
        s, correct, reason = score(req["record"], req["response"])
        answer = {"id": req["id"], "index": req["index"], "score": s, "reason": reason}
        if s is not None:
            answer["correct"] = correct
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

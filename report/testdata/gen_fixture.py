# Writes verified.jsonl: a small, deterministic verified data set in the
# shape grpodata verify writes (metadata.verifier), for the report tests.
# python3 gen_fixture.py > verified.jsonl
import json, random

rng = random.Random(7)
cats = [("algebra", "easy"), ("algebra", "medium"), ("geometry", "hard"), ("calculus", "medium"),
        ("code", "easy"), ("code", "hard"), ("number theory", ""), ("probability", "medium")]
reasons_wrong = ["mismatch: got {g}, want {w}", "no answer extracted", "mismatch: got {g}, want {w}",
                 "tests failed: 2 of 5 passed", "syntax error: line 3"]
reasons_none = ["timeout", "verifier error: sandbox unavailable", "timeout"]
for i in range(40):
    cat, diff = cats[i % len(cats)]
    a, b = rng.randint(2, 40), rng.randint(2, 40)
    want = a + b
    p = rng.choice([0.0, 0.1, 0.5, 0.8, 1.0, 0.3])
    prompt = f"What is {a} + {b}? Put the final answer in \\boxed{{}}."
    if i == 3:
        prompt = "Escape test: <script>alert('x')</script> & \"quotes\" </details>"
    rec = {"id": f"q{i:03d}"}
    if i % 10 == 9:
        rec["prompt"] = [{"role": "system", "content": "You are a careful mathematician."},
                         {"role": "user", "content": prompt}]
    else:
        rec["prompt"] = prompt
    responses = []
    for j in range(8):
        roll = rng.random()
        if i % 13 == 12 and j < 3:
            reason = rng.choice(reasons_none)
            responses.append({"text": f"Let me think... {a}+{b} is hard.", "score": None,
                              "metadata": {"verifier": {"name": "symbolic_math", "extracted": "", "reason": reason, "ms": 1000.0}}})
            continue
        ok = roll < p
        got = want if ok else want + rng.choice([-2, -1, 1, 10])
        nsteps = rng.choice([0, 1, 2, 4, 8, 16, 40])
        steps = "\n".join(f"Step {k}: add the digits." for k in range(nsteps))
        text = f"{steps}\nSo {a} + {b} = {got}. The answer is \\boxed{{{got}}}."
        if i == 3 and j == 0:
            text = "<b>bold?</b> <img src=x onerror=alert(1)> \\boxed{1}"
        if ok:
            reason = "equivalent"
        else:
            reason = rng.choice(reasons_wrong).format(g=got, w=want)
        score = 1.0 if ok else (0.5 if (not ok and i % 11 == 5) else 0.0)
        r = {"text": text, "score": score, "correct": ok,
             "metadata": {"model": "sim", "finish_reason": "length" if nsteps == 40 else "stop", "verifier": {"name": "code" if cat == "code" else "symbolic_math",
                                                       "extracted": str(got), "reason": reason, "ms": round(rng.random() * 5, 3)}}}
        responses.append(r)
    rec["responses"] = responses
    rec["answer"] = str(want)
    if diff:
        rec["difficulty"] = diff
    rec["category"] = cat
    rec["source"] = "fixture"
    print(json.dumps(rec, ensure_ascii=False))

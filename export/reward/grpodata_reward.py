"""grpodata's reward for verl, TRL and OpenRLHF.

Written by `grpodata export` beside the files it exports. It scores a
completion with the grpodata verifier that labelled the row (symbolic_math
for math rows, code for code rows) by running the grpodata binary:

    grpodata verify - -o - --verifier NAME

fed the row's record (carried in the exported data: verl's
extra_info["grpodata"], the "grpodata" column of trl.jsonl) with the
completion as its one response. Python standard library only.

Entry points (one per trainer's calling convention):

  compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs)
      verl's custom_reward_function (name: compute_score). Returns a float;
      a completion the verifier cannot decide scores 0.0. A row whose
      data_source does not start with "grpodata" is handed to verl's own
      default_compute_score (a row mapped with --data-source-map).
  compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos, **kwargs)
      the same for verl's "batch" reward manager: one grpodata process per batch.
  grpodata_reward(completions, prompts=None, **columns)
      a TRL GRPOTrainer reward function: list[float | None], None when
      undecided (TRL then ignores it). One grpodata process per call (batch).
  reward_func(queries, prompts, labels, **kwargs)
      OpenRLHF's --reward.remote_url FILE.py with --data.label_key grpodata.

Cost: every call starts one grpodata process (about 10-20 ms, plus the
verification itself; code runs in grpodata's sandbox). verl's default
reward loop calls compute_score once per response, concurrently in threads;
TRL calls grpodata_reward once per generation batch.

The binary: $GRPODATA_BIN, else the path recorded below when the file was
written (if it still exists), else `grpodata` on PATH. $GRPODATA_VERIFY_ARGS
adds flags to every verify call (e.g. "--timeout 5s"). The binary must exist
on every machine that computes rewards (each verl/Ray worker node).
"""

import json
import os
import shlex
import shutil
import subprocess

# Recorded by grpodata export; $GRPODATA_BIN overrides it.
GRPODATA_BIN = ""

VERIFIERS = ("symbolic_math", "code")


def _binary():
    b = os.environ.get("GRPODATA_BIN")
    if b:
        return b
    if GRPODATA_BIN and os.access(GRPODATA_BIN, os.X_OK):
        return GRPODATA_BIN
    b = shutil.which("grpodata")
    if b:
        return b
    raise RuntimeError(
        "grpodata_reward: no grpodata binary: set GRPODATA_BIN, or install it on PATH "
        "(go install ./cmd/grpodata); recorded path %r does not exist" % GRPODATA_BIN
    )


def _verify(verifier, items):
    """Scores (float or None) of items, a list of (record dict, response text),
    with one `grpodata verify` process."""
    if not items:
        return []
    lines = []
    for rec, text in items:
        r = dict(rec)
        r["responses"] = [{"text": text}]
        lines.append(json.dumps(r))  # ASCII: a lone surrogate in a completion stays encodable
    cmd = [_binary(), "verify", "-", "-o", "-", "--verifier", verifier]
    cmd += shlex.split(os.environ.get("GRPODATA_VERIFY_ARGS", ""))
    p = subprocess.run(
        cmd,
        input=("\n".join(lines) + "\n").encode("utf-8"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if p.returncode != 0:
        raise RuntimeError(
            "grpodata_reward: %s exited %d: %s"
            % (" ".join(cmd), p.returncode, p.stderr.decode("utf-8", "replace").strip()[-2000:])
        )
    out = [l for l in p.stdout.decode("utf-8").splitlines() if l.strip()]
    if len(out) != len(items):
        raise RuntimeError("grpodata_reward: verify wrote %d records for %d" % (len(out), len(items)))
    scores = []
    for l in out:
        resp = (json.loads(l).get("responses") or [{}])[0]
        s = resp.get("score")
        scores.append(None if s is None else float(s))
    return scores


def _score_all(items):
    """items: list of (verifier, record, text) -> scores, one process per verifier."""
    scores = [None] * len(items)
    for v in VERIFIERS + tuple(sorted({i[0] for i in items} - set(VERIFIERS))):
        idx = [k for k, it in enumerate(items) if it[0] == v]
        if not idx:
            continue
        for k, s in zip(idx, _verify(v, [(items[k][1], items[k][2]) for k in idx])):
            scores[k] = s
    return scores


def _loads(v):
    if isinstance(v, (bytes, bytearray)):
        v = v.decode("utf-8")
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return None
    return v


def _from_truth(data_source, ground_truth):
    """The verifier and record when a row carries no grpodata record: the
    ground truth read as tests for a grpodata/code row (verl's {"inputs",
    "outputs"} or grpodata's forms), else as the reference answer."""
    if str(data_source).endswith("/code"):
        t = _loads(ground_truth)
        rec = {"prompt": ""}
        if isinstance(t, dict) and "inputs" in t and "outputs" in t:
            if t.get("fn_name"):
                rec["entry_point"] = t["fn_name"]
            t = [{"input": i, "output": o} for i, o in zip(t["inputs"], t["outputs"])]
        rec["tests"] = t if t is not None else ground_truth
        return "code", rec
    return "symbolic_math", {"prompt": "", "answer": "" if ground_truth is None else str(ground_truth)}


def _unwrap(v):
    """(verifier, record) from a row's "grpodata" value: JSON text (or a dict)
    {"verifier": NAME, "record": {...}}; None when it is not one."""
    v = _loads(v)
    if isinstance(v, dict) and isinstance(v.get("record"), dict):
        rec = v["record"]
        return v.get("verifier") or ("code" if rec.get("tests") else "symbolic_math"), rec
    return None


def _row(data_source, ground_truth, info):
    info = info if isinstance(info, dict) else {}
    got = _unwrap(info.get("grpodata"))
    if got is not None:
        return got
    return _from_truth(data_source, ground_truth)


def _is_grpodata(data_source):
    return str(data_source).startswith("grpodata")


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """verl's custom reward function: the score in [0, 1] of solution_str."""
    if not _is_grpodata(data_source):
        from verl.utils.reward_score import default_compute_score

        return default_compute_score(data_source, solution_str, ground_truth, extra_info, **kwargs)
    verifier, rec = _row(data_source, ground_truth, extra_info)
    s = _score_all([(verifier, rec, solution_str)])[0]
    return 0.0 if s is None else s


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos, **kwargs):
    """verl's batch reward manager (reward_model.reward_manager=batch)."""
    n = len(solution_strs)
    extra_infos = list(extra_infos) if extra_infos is not None else [None] * n
    scores = [0.0] * n
    ours = []
    for k in range(n):
        if _is_grpodata(data_sources[k]):
            v, rec = _row(data_sources[k], ground_truths[k], extra_infos[k])
            ours.append((k, (v, rec, solution_strs[k])))
        else:
            scores[k] = compute_score(data_sources[k], solution_strs[k], ground_truths[k], extra_infos[k], **kwargs)
    for (k, _), s in zip(ours, _score_all([it for _, it in ours])):
        scores[k] = 0.0 if s is None else s
    return scores


def _text(completion):
    """A completion's text: a string, or the contents of a message list."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return str(completion.get("content") or "")
    if isinstance(completion, (list, tuple)):
        return "\n\n".join(_text(m) for m in completion if _text(m))
    return "" if completion is None else str(completion)


def grpodata_reward(completions, prompts=None, grpodata=None, solution=None, tests=None, entry_point=None, **kwargs):
    """TRL GRPOTrainer reward function over trl.jsonl's columns."""
    items = []
    for k in range(len(completions)):
        got = _unwrap(grpodata[k]) if grpodata is not None else None
        if got is None:
            rec = {"prompt": prompts[k] if prompts is not None else ""}
            t = _loads(tests[k]) if tests is not None and tests[k] else None
            if t:
                rec["tests"] = t
                if entry_point is not None and entry_point[k]:
                    rec["entry_point"] = entry_point[k]
            elif solution is not None:
                rec["answer"] = solution[k]
            got = ("code" if t else "symbolic_math"), rec
        items.append((got[0], got[1], _text(completions[k])))
    return _score_all(items)


def reward_func(queries, prompts, labels, **kwargs):
    """OpenRLHF: --reward.remote_url grpodata_reward.py --data.label_key grpodata."""
    items = []
    for q, p, label in zip(queries, prompts, labels):
        text = q[len(p):] if isinstance(p, str) and isinstance(q, str) and q.startswith(p) else q
        got = _unwrap(label)
        if got is None:
            got = "symbolic_math", {"prompt": "", "answer": "" if label is None else str(label)}
        items.append((got[0], got[1], _text(text)))
    scores = [0.0 if s is None else s for s in _score_all(items)]
    try:
        import torch

        t = torch.tensor(scores, dtype=torch.float)
        return {"rewards": t, "scores": t, "extra_logs": {}}
    except ImportError:
        return {"rewards": scores, "scores": scores, "extra_logs": {}}

"""Calls grpodata_reward.py the way verl, TRL and OpenRLHF do, for
export/reward_check_test.go: argv[1] is the reward file, argv[2] a JSON file
{"calls": [{"kind": ..., "kwargs"|"args": ...}]}; prints one JSON list of
results (one per call) on stdout. Trainer-only objects (TRL's trainer_state,
log_extra, log_metric) are stand-ins."""

import importlib.util
import json
import sys


class _State:  # TRL's TrainerState, as far as a reward function may look
    global_step = 0
    epoch = 0.0


def main():
    spec = importlib.util.spec_from_file_location("grpodata_reward", sys.argv[1])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with open(sys.argv[2], encoding="utf-8") as f:
        calls = json.load(f)["calls"]
    logged = []
    out = []
    for c in calls:
        kind = c["kind"]
        if kind == "verl":
            out.append(mod.compute_score(**c["kwargs"]))
        elif kind == "verl-batch":
            out.append(mod.compute_score_batch(**c["kwargs"]))
        elif kind == "trl":
            kw = dict(c["kwargs"])
            kw["trainer_state"] = _State()
            kw["log_extra"] = lambda *a, **k: logged.append((a, k))
            kw["log_metric"] = lambda *a, **k: logged.append((a, k))
            out.append(getattr(mod, c.get("func", "grpodata_reward"))(**kw))
        elif kind == "openrlhf":
            r = mod.reward_func(*c["args"])  # OpenRLHF passes them positionally
            rewards = r["rewards"]
            out.append([float(x) for x in (rewards.tolist() if hasattr(rewards, "tolist") else rewards)])
        else:
            raise SystemExit("unknown call kind " + kind)
    json.dump(out, sys.stdout)


main()

"""A plugin for tests: it misbehaves as the response text asks.

crash: exits 3 after a line on stderr; hang: never answers; garbage: writes
a line that is not JSON; badscore: score 1.5; stranger: answers a request
it was not sent; null: no score; hold: answers only after the next request,
which it answers first. Anything else scores 1 when it equals the answer.
"""
import json
import sys
import time

held = None


def reply(req, score, reason="ok"):
    sys.stdout.write(json.dumps({"id": req["id"], "index": req["index"], "score": score, "reason": reason}) + "\n")


for line in sys.stdin:
    req = json.loads(line)
    text = req["response"]["text"]
    if text == "crash":
        sys.stderr.write("boom: asked to crash\n")
        sys.stderr.flush()
        sys.exit(3)
    elif text == "hang":
        time.sleep(3600)
    elif text == "garbage":
        sys.stdout.write("this is not json\n")
    elif text == "badscore":
        reply(req, 1.5)
    elif text == "stranger":
        sys.stdout.write(json.dumps({"id": "nobody", "index": 99, "score": 1}) + "\n")
    elif text == "null":
        reply(req, None, "cannot tell")
    elif text == "hold":
        held = req
        continue
    else:
        reply(req, 1.0 if text == req["record"].get("answer") else 0.0, "compared")
    if held is not None and held is not req:
        reply(held, 1.0, "held")
        held = None
    sys.stdout.flush()

# Overhead of conlab_trace: runs overhead_bench.py with and without it
# (events to a temporary file), 5 times each, and prints the medians and
# their ratios.  python3 tests/py/overhead.py
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(HERE, "overhead_bench.py")
PKG = os.path.join(os.path.dirname(os.path.dirname(HERE)), "assets", "py")
RUNS = 5


def once(traced):
    env = dict(os.environ)
    cmd = [sys.executable, BENCH]
    with tempfile.TemporaryDirectory() as d:
        if traced:
            env["PYTHONPATH"] = PKG
            env["CONLAB_PY_EVENTS"] = os.path.join(d, "events.jsonl")
            cmd = [sys.executable, "-m", "conlab_trace", BENCH]
        out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
        lines = 0
        if traced:
            with open(env["CONLAB_PY_EVENTS"]) as f:
                lines = sum(1 for _ in f)
    return json.loads(out.strip().splitlines()[-1]), lines


def main():
    plain, traced, events = [], [], 0
    for _ in range(RUNS):
        plain.append(once(False)[0])
        t, events = once(True)
        traced.append(t)
    print("python", sys.version.split()[0], "- medians of", RUNS, "runs,", events, "events a traced run")
    print("%-30s %12s %12s %8s" % ("operation", "plain us", "traced us", "ratio"))
    for key in plain[0]:
        a = statistics.median(r[key] for r in plain)
        b = statistics.median(r[key] for r in traced)
        print("%-30s %12.2f %12.2f %8.2f" % (key, a, b, b / a))


main()

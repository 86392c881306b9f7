#!/usr/bin/env python3
"""Measure the many-clients lesson against the same program in Python.

For each server kind (the lesson's variants threads, pool, coroutines) this
runs `conlab run many-clients --variant V --headless` and the variant's own
Python listing (read from scenarios/many-clients.toml) on this machine, and
prints, per side: connections served, throughput (clients / the time from
the first client's connect to the last client's reply), p50 and p99 latency
(each client's sendall called -> its recv returned: the lab's sendall step ->
sock_recv events, Python's calls timed by a sitecustomize patch in the client process),
and peak threads (the OS's count, /proc/PID/stat, summed over the run's
processes, sampled every 2 ms; for the lab also the actor threads alive at
once, from spawned/exited events). Not a test: numbers depend on the machine.

    cargo build --release
    python3 docs/many-clients-measure.py [--runs 3] [--clients 400] [--bin target/release/conlab]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, threading, time, tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VARIANTS = ["threads", "pool", "coroutines"]

# Loaded before the Python program: times each client's calls in the main process.
PATCH = r'''
import atexit, json, os, socket, threading, time
_main, _t = os.getpid(), {}
_conn, _send, _recv = socket.socket.connect, socket.socket.sendall, socket.socket.recv
def connect(self, *a):
    if os.getpid() == _main:
        _t.setdefault("first", time.perf_counter())
    return _conn(self, *a)
def sendall(self, *a):
    if os.getpid() == _main:
        _t[threading.get_ident()] = time.perf_counter()
    return _send(self, *a)
def recv(self, *a):
    r = _recv(self, *a)
    if os.getpid() == _main and threading.get_ident() in _t:
        now = time.perf_counter()
        _t.setdefault("lat", []).append(now - _t.pop(threading.get_ident()))
        _t["last"] = now
    return r
socket.socket.connect, socket.socket.sendall, socket.socket.recv = connect, sendall, recv
def _dump():
    if os.getpid() == _main and os.environ.get("MC_OUT"):
        with open(os.environ["MC_OUT"], "w") as f:
            json.dump({"lat": _t.get("lat", []), "span": _t.get("last", 0) - _t.get("first", 0)}, f)
atexit.register(_dump)
'''


def tree_threads(root):
    """Threads of `root` and all its descendants, from /proc."""
    kids, threads = {}, {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                rest = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(rest[1]), []).append(int(p))
        threads[int(p)] = int(rest[17])
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += threads.get(p, 0)
        todo.extend(kids.get(p, []))
    return total


def run_sampled(cmd, env=None, cwd=None):
    """Run cmd, sampling its process tree's threads; (stdout, wall s, peak threads)."""
    began = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd)
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_threads(proc.pid))
            time.sleep(0.002)

    s = threading.Thread(target=sample)
    s.start()
    out, err = proc.communicate(timeout=120)
    wall = time.perf_counter() - began
    done.set()
    s.join()
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return out.decode(), wall, peak[0]


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def lab(binary, variant, clients):
    out, wall, peak_os = run_sampled(
        [binary, "run", "many-clients", "--variant", variant, "--headless", "--set", f"clients={clients}"])
    events = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    sent, lat, first, last = {}, [], None, None
    served, threads, peak_actors = 0, set(), 0
    for e in sorted(events, key=lambda e: e["t_us"]):
        kind, who, t = e["event"], e["actor"], e["t_us"] / 1e6
        if kind == "sock_connected" and e.get("side") == "server":
            served += 1
        if kind == "spawned" and e.get("kind") == "thread":
            threads.add(who)
            peak_actors = max(peak_actors, len(threads))
        if kind == "exited":
            threads.discard(who)
        if not who.startswith("client"):
            continue
        if kind == "step" and e.get("op") == "connect" and first is None:
            first = t
        # The sendall step is told before the call (sock_sent after it
        # returns, when a preempted client may already have its reply).
        if kind == "step" and e.get("op") == "sendall":
            sent[who] = t
        if kind == "sock_recv" and who in sent:
            lat.append(t - sent.pop(who))
            last = t
    span = (last or 0) - (first or 0)
    return dict(served=served, lat=lat, span=span, wall=wall, peak_os=peak_os, peak_actors=peak_actors)


def python(listing, clients, tmp):
    prog = os.path.join(tmp, "prog.py")
    with open(prog, "w") as f:
        f.write(listing.replace("N = 400", f"N = {clients}", 1))
    with open(os.path.join(tmp, "sitecustomize.py"), "w") as f:
        f.write(PATCH)
    env = dict(os.environ, PYTHONPATH=tmp, MC_OUT=os.path.join(tmp, "out.json"))
    out, wall, peak_os = run_sampled([sys.executable, prog], env=env, cwd=tmp)
    with open(os.path.join(tmp, "out.json")) as f:
        got = json.load(f)
    served = int(out.split(" of ")[0].split()[-1]) if " of " in out else 0
    return dict(served=served, lat=got["lat"], span=got["span"], wall=wall, peak_os=peak_os)


def row(name, runs, clients):
    med = lambda k: statistics.median(r[k] for r in runs)
    tput = statistics.median(clients / r["span"] for r in runs if r["span"] > 0)
    p50 = statistics.median(pct(r["lat"], 0.5) for r in runs) * 1000
    p99 = statistics.median(pct(r["lat"], 0.99) for r in runs) * 1000
    actors = f" (actor threads {med('peak_actors'):.0f})" if "peak_actors" in runs[0] else ""
    print(f"| {name} | {min(r['served'] for r in runs)} | {tput:,.0f} | {p50:.2f} | {p99:.2f} | "
          f"{med('peak_os'):.0f}{actors} | {med('wall'):.2f} |")
    return tput


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--clients", type=int, default=400)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/conlab"))
    a = ap.parse_args()
    with open(os.path.join(ROOT, "scenarios/many-clients.toml"), "rb") as f:
        sc = tomllib.load(f)
    listings = {v["name"]: v.get("listing", sc["listing"])["en"] for v in sc["variants"]}
    print(f"{a.clients} clients, median of {a.runs} runs, {os.cpu_count()} CPUs")
    print("| server | served | requests/s | p50 ms | p99 ms | peak OS threads | wall s |")
    print("|---|---|---|---|---|---|---|")
    for v in VARIANTS:
        labs = [lab(a.bin, v, a.clients) for _ in range(a.runs)]
        with tempfile.TemporaryDirectory() as tmp:
            pys = [python(listings[v], a.clients, tmp) for _ in range(a.runs)]
        t_lab = row(f"lab {v}", labs, a.clients)
        t_py = row(f"Python {v}", pys, a.clients)
        print(f"| {v}: lab/Python throughput | ×{t_lab / t_py:.2f} | | | | | |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The teacher's tour: every built-in lesson, every variant, in English and
Chinese, at 80x24 with --theme projector, run in tmux; the screen captured at
the start, the middle and the end of the run, then at each page turned with `]`.
Saves $TOUR_OUT (default /tmp/tour)/ID[.VARIANT].LANG.txt, to be read as a
teacher would. Run from the repository root, after `cargo build --release`:
  python3 docs/teacher-tour.py [BIN] [ID...]   (needs tmux)"""
import glob, os, subprocess, sys, time, tomllib

BIN = sys.argv[1] if len(sys.argv) > 1 else "./target/release/conlab"
ONLY = set(sys.argv[2:])
OUT = os.environ.get("TOUR_OUT", "/tmp/tour")
S = "reach-tour"

def tmux(*a):
    return subprocess.run(["tmux", *a], capture_output=True, text=True).stdout

def cap():
    return tmux("capture-pane", "-p", "-t", S)

def ended(screen):
    head = screen.splitlines()[0] if screen else ""
    return "■" in head

def lessons():
    for f in sorted(glob.glob("scenarios/*.toml")):
        d = tomllib.load(open(f, "rb"))
        sid = d.get("id") or os.path.basename(f)[:-5]
        vs = [v["name"] for v in d.get("variants", [])] or [None]
        pages = d.get("pages", [])
        yield sid, vs, pages

os.makedirs(OUT, exist_ok=True)
n = 0
for sid, variants, pages in lessons():
    if ONLY and sid not in ONLY:
        continue
    for v in variants:
        for lang in ("en", "zh"):
            cmd = f"{BIN} run {sid} --lang {lang} --theme projector" + (f" --variant {v}" if v else "")
            tmux("kill-session", "-t", S)
            tmux("new-session", "-d", "-s", S, "-x", "80", "-y", "24", cmd)
            t0 = time.time()
            time.sleep(1.5)
            shots = [(time.time() - t0, cap())]
            while not ended(shots[-1][1]) and time.time() - t0 < 90:
                time.sleep(0.5)
                shots.append((time.time() - t0, cap()))
            total = shots[-1][0]
            mid = min(shots, key=lambda s: abs(s[0] - total / 2))
            out = [f"### {cmd}", f"--- start ({shots[0][0]:.1f}s)", shots[0][1],
                   f"--- middle ({mid[0]:.1f}s)", mid[1],
                   f"--- end ({total:.1f}s, ended={ended(shots[-1][1])})", shots[-1][1]]
            npages = sum(1 for p in pages if not p.get("variants") or v in p.get("variants", []))
            for i in range(max(npages - 1, 0)):
                tmux("send-keys", "-t", S, "]")
                time.sleep(0.4)
                out += [f"--- after ] x{i + 1}", cap()]
            tmux("send-keys", "-t", S, "q")
            time.sleep(0.3)
            tmux("kill-session", "-t", S)
            name = f"{sid}{'.' + v if v else ''}.{lang}.txt"
            open(os.path.join(OUT, name), "w").write("\n".join(out))
            n += 1
            print(name, f"{total:.1f}s", flush=True)
print("runs:", n)

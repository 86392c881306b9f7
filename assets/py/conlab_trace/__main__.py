"""Placeholder runner (pyhost): runs FILE like `python3 FILE` and tells the
host `started` of the root. The real instrumentation comes from helper pyemit."""
import json
import os
import runpy
import socket
import sys
import time


def _tell(kind, **fields):
    path = os.environ.get("CONLAB_PY_SOCK")
    if not path:
        return
    t0 = int(os.environ.get("CONLAB_T0_NS", "0"))
    line = {
        "t_us": max(0, (time.clock_gettime_ns(time.CLOCK_MONOTONIC) - t0) // 1000),
        "actor": os.environ.get("CONLAB_PY_MAIN", "MainProcess"),
        "pid": os.getpid(),
        "event": kind,
    }
    line.update(fields)
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.sendall((json.dumps(line) + "\n").encode())
        s.close()
    except OSError:
        pass


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: python3 -m conlab_trace FILE [ARGS...]\n")
        sys.exit(2)
    path = sys.argv[1]
    try:
        with open(path, "rb") as f:
            compile(f.read(), path, "exec")
    except SyntaxError as e:
        import traceback

        sys.stderr.write("".join(traceback.format_exception_only(type(e), e)))
        sys.exit(2)
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    _tell("started")
    runpy.run_path(path, run_name="__main__")


main()

"""The host's steering of this process: the gate rule (step mode, a
schedule), the turns it grants, and the deadlock victims it picks.

The host writes one JSON line per control message back on this process's
connection (the format of the scenarios' workers). One reader per process,
a raw `_thread` (not a threading.Thread: it is no actor, and the learner's
threading.enumerate() does not see it), keeps the state below. Only
`_thread` locks are used: threading's objects are traced.

When the host goes (the connection ends, or it says abort), every held
thread is let go and no thread is held again: the program is never left
hanging on a host that is gone.
"""
import _thread
import json
import os

_lock = _thread.allocate_lock()
# "free", "all", or a list of the actor names held.
_gate = ["free"]
_grants = {}
_unwind = set()
_closed = [False]
# One acquired _thread lock per thread waiting for a change: released to wake it.
_waiters = []


def _after_fork():
    """A forked child has no reader and its own connection (opened lazily)."""
    global _lock
    _lock = _thread.allocate_lock()
    _gate[0] = "free"
    _grants.clear()
    _unwind.clear()
    _closed[0] = False
    del _waiters[:]


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _wake():
    """Wake every waiter (under _lock)."""
    for w in _waiters:
        try:
            w.release()
        except RuntimeError:
            pass
    del _waiters[:]


def apply(msg):
    """Fold in one control message (a decoded line)."""
    with _lock:
        if msg == "abort":
            _closed[0] = True
        elif isinstance(msg, dict):
            if "gate" in msg:
                g = msg["gate"]
                _gate[0] = g["only"] if isinstance(g, dict) else g
            elif "grant" in msg:
                _grants[msg["grant"]] = _grants.get(msg["grant"], 0) + 1
            elif "unwind" in msg:
                _unwind.add(msg["unwind"])
        _wake()


def close():
    """The host is gone: let every held thread go, hold none again."""
    with _lock:
        _closed[0] = True
        _wake()


def apply_line(line):
    try:
        msg = json.loads(line)
    except ValueError:
        return
    apply(msg)


def start(fd, leftover=b""):
    """Read the host's lines on `fd` in a raw thread of this process."""
    _thread.start_new_thread(_read, (fd, leftover))


def _read(fd, buf):
    try:
        while True:
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                apply_line(line)
            data = os.read(fd, 65536)
            if not data:
                break
            buf += data
    except Exception:
        pass
    close()


def _holds(actor):
    g = _gate[0]
    return not _closed[0] and (g == "all" or (isinstance(g, list) and actor in g))


def holds(actor):
    """Whether the host holds `actor` before its steps now."""
    return _holds(actor)


def _take(actor):
    n = _grants.get(actor, 0)
    if n > 0:
        _grants[actor] = n - 1
        return True
    return False


def pass_gate(actor, on_hold):
    """Before a step: when `actor` is held, tell it (`on_hold`) and wait for
    a granted turn, the gate to open, or the host to go."""
    with _lock:
        if not _holds(actor) or _take(actor):
            return
    on_hold()
    while True:
        with _lock:
            if not _holds(actor) or _take(actor):
                return
            w = _thread.allocate_lock()
            w.acquire()
            _waiters.append(w)
        # Bounded, so a lost wake-up costs a second, never the program.
        w.acquire(True, 1.0)


def unwinding():
    """Whether any victim was picked in this process (cheap: no lookup)."""
    return bool(_unwind)


def must_unwind(actor):
    """Whether the host chose `actor` as a deadlock's victim."""
    return actor in _unwind


def unwound(actor):
    """The victim gave up its wait: it may wait again later."""
    with _lock:
        _unwind.discard(actor)

"""Threads (start, run, join, daemon), time.sleep and print."""
import _thread
import atexit
import sys
import threading
import time

from . import emit

_orig_start = threading.Thread.start
_orig_bootstrap = threading.Thread._bootstrap_inner
_orig_join = threading.Thread.join
_orig_sleep = time.sleep


def _start(self):
    if not emit.ACTIVE or emit.busy() or getattr(self, "_ct_actor", None):
        return _orig_start(self)
    if not emit.caller_is_user(1) and not _pool_worker(self):
        return _orig_start(self)
    parent, _ = emit.me()
    name = emit.thread_actor(self.name)
    emit.step("start", "running", "start " + name)
    self._ct_actor = name
    # Told just before the OS thread exists, so `spawned` comes before its
    # `started` on the wire.
    emit.send(name, "spawned", {"kind": "thread", "parent": parent, "daemon": bool(self.daemon)})
    try:
        r = _orig_start(self)
        if isinstance(self, _Timer):
            emit.tell("timer_started", {"target": name, "after": float(self.interval)})
        return r
    except BaseException as err:
        emit.tell("error", {"text": "%s: %s" % (type(err).__name__, err)})
        emit.send(name, "exited", {"cause": type(err).__name__})
        raise


def _pool_worker(t):
    """A concurrent.futures worker thread runs the learner's tasks: an actor."""
    target = getattr(t, "_target", None)
    return getattr(target, "__module__", None) == "concurrent.futures.thread"


def _bootstrap_inner(self):
    name = getattr(self, "_ct_actor", None)
    if name is None:
        return _lazy_bootstrap(self)
    ident = _thread.get_ident()
    emit.ACTORS[ident] = name
    tid = emit._native()
    emit.send(name, "started", tid=tid)
    died = []
    hook = getattr(self, "_invoke_excepthook", None)
    if hook is not None:
        def invoke(thread):
            err = sys.exc_info()[1]
            died.append(err)
            if err is not None and err.__traceback__ is not None:
                err.__traceback__ = emit.clean_tb(err.__traceback__)
            return hook(thread)
        self._invoke_excepthook = invoke
    try:
        _orig_bootstrap(self)
    finally:
        err = died[0] if died else None
        if err is None or isinstance(err, SystemExit):
            emit.send(name, "exited", {"code": 0}, tid=tid)
        else:
            text = "%s: %s" % (type(err).__name__, err) if str(err) else type(err).__name__
            emit.send(name, "error", {"text": text}, tid=tid)
            emit.send(name, "exited", {"cause": type(err).__name__}, tid=tid)
        self._ct_done = True
        emit.ACTORS.pop(ident, None)


def _lazy_bootstrap(self):
    """A thread started by the library (a Pool's result thread, an executor's
    management thread) may be named while it runs: it tells its end then."""
    ident = _thread.get_ident()
    try:
        return _orig_bootstrap(self)
    finally:
        name = emit.ACTORS.pop(ident, None)
        if name is not None and name != emit.PROCESS[0]:
            emit.send(name, "exited", {"code": 0}, tid=emit._native())


def _join(self, timeout=None):
    name = getattr(self, "_ct_actor", None)
    if name is None or emit.busy() or not emit.caller_is_user(1):
        return _orig_join(self, timeout)
    emit.step("join", "waiting", "join " + name)
    result = _orig_join(self, timeout)
    if timeout is not None and self.is_alive():
        emit.tell("timed_out", {"op": "join", "object": name, "timeout": float(timeout)})
    return result


_Timer = threading.Timer
_orig_timer_cancel = _Timer.cancel


def _timer_run(self):
    """Timer.run, told: its wait for the delay, then `timer_fired`."""
    if getattr(self, "_ct_actor", None) is None:
        return _orig_timer_run(self)
    emit.step("fire", "waiting", "wait %s s, then fire" % (self.interval,))
    self.finished.wait(self.interval)
    if not self.finished.is_set():
        self._ct_fired = True
        emit.tell("timer_fired", {"after": float(self.interval)})
        self.function(*self.args, **self.kwargs)
    self.finished.set()


_orig_timer_run = _Timer.run


def _timer_cancel(self):
    name = getattr(self, "_ct_actor", None)
    if name is not None and not emit.busy() and not getattr(self, "_ct_done", False):
        emit.step("cancel", "running", "cancel " + name)
        emit.tell("timer_cancelled", {"target": name, "fired": bool(getattr(self, "_ct_fired", False))})
    return _orig_timer_cancel(self)


def _sleep(secs):
    if emit.ACTIVE and not emit.busy() and emit.caller_is_user(1):
        emit.step("sleep", "sleeping", "sleep %s" % (secs,))
    return _orig_sleep(secs)


def daemons_gone():
    """Daemon threads still running as their process ends vanish with it."""
    for t in list(threading._active.values()):
        name = getattr(t, "_ct_actor", None)
        if name and t.daemon and not getattr(t, "_ct_done", False):
            t._ct_done = True
            emit.send(name, "exited", {"cause": "daemon thread: its process ended"})


class _Out:
    """sys.stdout as the learner sees it: writes go through unchanged, and
    each finished line is also told as a `print` event."""

    def __init__(self, real):
        self._ct_real = real
        self._ct_bufs = {}

    def write(self, s):
        n = self._ct_real.write(s)
        if isinstance(s, str) and emit.ACTIVE and not emit.busy():
            key = _thread.get_ident()
            parts = (self._ct_bufs.pop(key, "") + s).split("\n")
            rest = parts.pop()
            if rest:
                self._ct_bufs[key] = rest[-8000:]
            for line in parts:
                emit.tell("print", {"text": line})
        return n

    def writelines(self, lines):
        for s in lines:
            self.write(s)

    def flush_lines(self):
        for key, rest in list(self._ct_bufs.items()):
            if key == _thread.get_ident():
                emit.tell("print", {"text": rest})
        self._ct_bufs.clear()

    def __getattr__(self, attr):
        return getattr(self._ct_real, attr)

    def __iter__(self):
        return iter(self._ct_real)


def install_stdout():
    if sys.stdout is not None and not isinstance(sys.stdout, _Out):
        sys.stdout = _Out(sys.stdout)


def _at_exit():
    if isinstance(sys.stdout, _Out):
        sys.stdout.flush_lines()
    daemons_gone()


def install():
    threading.Thread.start = _start
    threading.Thread._bootstrap_inner = _bootstrap_inner
    threading.Thread.join = _join
    time.sleep = _sleep
    _Timer.run = _timer_run
    _Timer.cancel = _timer_cancel
    install_stdout()
    atexit.register(_at_exit)

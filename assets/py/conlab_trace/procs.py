"""multiprocessing processes (fork, spawn, forkserver): start, the child's
own start and exit, join/reap, terminate, is_alive; and multiprocessing's
Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition and Barrier."""
import _thread
import atexit
import os
import signal
import sys
import traceback

import multiprocessing.context
import multiprocessing.process as mpp
import multiprocessing.synchronize as ms
from multiprocessing import popen_fork, spawn, util

from . import emit, sync, threads

_orig_start = mpp.BaseProcess.start
_orig_bootstrap = mpp.BaseProcess._bootstrap
_orig_join = mpp.BaseProcess.join
_orig_terminate = mpp.BaseProcess.terminate
_orig_kill = mpp.BaseProcess.kill
_orig_is_alive = mpp.BaseProcess.is_alive
_orig_poll = popen_fork.Popen.poll
_orig_cmd = spawn.get_command_line
_orig_prep_data = spawn.get_preparation_data
_orig_prepare = spawn.prepare
_orig_spawnv = util.spawnv_passfds

_pids = {}  # child pid -> actor name, for the children of this process
_by_name = {}  # process name -> actor name, for the spawn preparation data
_told = []  # this process already told its `started`
BOOT = "import conlab_trace; conlab_trace._child_boot(); "


def _after_fork():
    _pids.clear()
    _by_name.clear()
    del _told[:]
    del _exit_told[:]
    del _raw[:]  # set again by _fork when os.fork() itself made this child


def signame(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return "SIG%d" % n


def _start(self):
    if not emit.ACTIVE or emit.busy() or getattr(self, "_ct_actor", None):
        return _orig_start(self)
    parent, _ = emit.me()
    name = emit.unique(self.name)
    self._ct_actor = name
    _by_name[self._name] = name
    emit.step("start", "running", "start " + name)
    began = emit.t_us()
    _orig_start(self)
    _pids[self.pid] = name
    emit.send(name, "spawned", {"kind": "process", "parent": parent, "daemon": bool(self.daemon)},
              pid=self.pid, t=began)


def become(name):
    """This process is actor `name` from now on; tell `started` once."""
    emit.PROCESS[0] = name
    emit.ACTORS.clear()
    emit.ACTORS[_thread.get_ident()] = name
    if not _told:
        _told.append(True)
        emit.send(name, "started")


def _bootstrap(self, parent_sentinel=None):
    name = getattr(self, "_ct_actor", None) or self.name
    become(name)
    failed = []
    print_exc = traceback.print_exc

    def noted_print_exc(*a, **k):
        # _bootstrap prints an uncaught exception with this: note it first.
        if sys._getframe(1).f_code is _orig_bootstrap.__code__:
            err = sys.exc_info()[1]
            failed.append(err)
            if err is not None and err.__traceback__ is not None:
                emit.clean_tb(err.__traceback__)
        return print_exc(*a, **k)

    traceback.print_exc = noted_print_exc
    try:
        code = _orig_bootstrap(self, parent_sentinel)
    finally:
        traceback.print_exc = print_exc
    if failed:
        err = failed[0]
        emit.send(name, "error", {"text": "%s: %s" % (type(err).__name__, err)})
    told_exit(code if code is not None else 0)
    return code


def _poll_with(orig, self, *args):
    """Popen.poll: the moment it collects the child is its `reaped` (by
    whoever called: join, is_alive, exitcode, active_children...)."""
    was = self.returncode
    rc = orig(self, *args)
    if was is None and rc is not None and emit.ACTIVE:
        name = _pids.pop(self.pid, None)
        if name is not None:
            if rc < 0:
                emit.send(name, "exited", {"signal": signame(-rc)}, pid=self.pid)
            by, _ = emit.me()
            emit.send(name, "reaped", {"by": by}, pid=self.pid)
    return rc


def _poll(self, *args):
    return _poll_with(_orig_poll, self, *args)


def _actor(p):
    return getattr(p, "_ct_actor", None) or p.name


def _join(self, timeout=None):
    user = emit.ACTIVE and not emit.busy() and emit.caller_is_user(1)
    if user:
        emit.step("join", "waiting", "join " + _actor(self))
    r = _orig_join(self, timeout)
    if user and timeout is not None and self.exitcode is None:
        emit.tell("timed_out", {"op": "join", "object": _actor(self), "timeout": float(timeout)})
    return r


def _signal(orig, sig):
    def send_signal(self):
        if emit.ACTIVE and not emit.busy() and self._popen is not None \
                and self._popen.returncode is None:
            why = "%s()" % orig.__name__ if emit.caller_is_user(1) else "daemon clean-up at exit"
            emit.step(orig.__name__, "running", "%s %s" % (orig.__name__, _actor(self)))
            emit.tell("signalled", {"target": _actor(self), "signal": sig, "why": why})
        return orig(self)
    return send_signal


def _is_alive(self):
    r = _orig_is_alive(self)
    if emit.ACTIVE and not emit.busy() and emit.caller_is_user(1):
        emit.step("is_alive", "running", "is_alive " + _actor(self))
        emit.tell("alive", {"target": _actor(self), "alive": bool(r)})
    return r


def _command_line(**kwds):
    cmd = _orig_cmd(**kwds)
    if "-c" in cmd:
        i = cmd.index("-c") + 1
        cmd[i] = BOOT + cmd[i]
    return cmd


def _spawnv_passfds(path, args, passfds):
    args = list(args)
    if "-c" in args:
        i = args.index("-c") + 1
        if "multiprocessing.forkserver" in args[i]:
            args[i] = BOOT + args[i]
    return _orig_spawnv(path, args, passfds)


def _preparation_data(name):
    d = _orig_prep_data(name)
    if name in _by_name:
        d["conlab_actor"] = _by_name[name]
    return d


def _prepare(data):
    name = data.get("conlab_actor") or data.get("name")
    if name and emit.ACTIVE:
        become(name)
    return _orig_prepare(data)


# --- multiprocessing's locks, events, conditions, barriers ----------------------
class _MpSemLock:
    """A SemLock told as its threading twin; its name travels with it to a
    spawn child (pickled with its state)."""

    _ct_kind = "Lock"

    def __init__(self, *args, **kwargs):
        self._ct_name = emit.traced_name(self._ct_kind)
        self._ct_init = args[0] if args else kwargs.get("value", 1)
        super().__init__(*args, **kwargs)

    def _make_methods(self):
        super()._make_methods()
        if getattr(self, "_ct_name", None):
            self.acquire = self._ct_acquire
            self.release = self._ct_release

    def _ct_count(self):
        return 1

    def _ct_left(self):
        return 0

    def _ct_acquire(self, block=True, timeout=None):
        sl = self._semlock
        if emit.busy() or (not block and timeout is not None):
            return sl.acquire(block, timeout)
        return sync.take(self._ct_name, lambda: sl.acquire(False),
                         lambda: sl.acquire(True, timeout), block, timeout, self._ct_count)

    def _ct_release(self):
        sl = self._semlock
        if not emit.busy() and (self._ct_kind.endswith("Semaphore") or sl._is_mine()):
            emit.step("release", "running", "release " + self._ct_name)
            emit.tell("lock_released", {"lock": self._ct_name, "count": self._ct_left()})
        return sl.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        return self.release()

    def __getstate__(self):
        return (super().__getstate__(), getattr(self, "_ct_name", None), self._ct_init)

    def __setstate__(self, state):
        if len(state) == 3 and isinstance(state[0], tuple):
            state, self._ct_name, self._ct_init = state
        super().__setstate__(state)


class MpLock(_MpSemLock, ms.Lock):
    _ct_kind = "Lock"


class MpRLock(_MpSemLock, ms.RLock):
    _ct_kind = "RLock"

    def _ct_count(self):
        return self._semlock._count()

    def _ct_left(self):
        return max(0, self._semlock._count() - 1)


class MpSemaphore(_MpSemLock, ms.Semaphore):
    _ct_kind = "Semaphore"

    def _ct_count(self):
        return max(0, self._ct_init - self._semlock._get_value())

    def _ct_left(self):
        return max(0, self._ct_count() - 1)


class MpBoundedSemaphore(MpSemaphore, ms.BoundedSemaphore):
    _ct_kind = "BoundedSemaphore"


class MpEvent(sync.EventMixin, ms.Event):
    def __init__(self, *, ctx):
        self._ct_name = emit.traced_name("Event")
        super().__init__(ctx=ctx)


class MpCondition(ms.Condition):
    def __init__(self, lock=None, *, ctx):
        name = emit.traced_name("Condition")
        if name is not None and lock is None:
            lock = MpRLock(ctx=ctx)
            lock._ct_name = name
            lock._make_methods()
        super().__init__(lock, ctx=ctx)
        self._ct_name = name

    def __getstate__(self):
        return (super().__getstate__(), self._ct_name)

    def __setstate__(self, state):
        if len(state) == 2:
            state, self._ct_name = state
        super().__setstate__(state)

    def _ct_sleepers(self):
        return max(0, self._sleeping_count._semlock._get_value()
                   - self._woken_count._semlock._get_value())

    def wait(self, timeout=None):
        name = getattr(self, "_ct_name", None)
        if name is None or emit.busy():
            return super().wait(timeout)
        emit.step("wait", "blocked", "%s.wait()" % name)
        emit.tell("cond_wait", {"lock": name})
        ok = super().wait(timeout)
        emit.tell("cond_woken", {"lock": name, "notified": bool(ok)})
        return ok

    def notify(self, n=1):
        name = getattr(self, "_ct_name", None)
        if name is not None and not emit.busy():
            emit.step("notify", "running", "%s.notify()" % name)
            emit.tell("cond_notify", {"lock": name, "n": n, "woken": min(n, self._ct_sleepers())})
            with emit.quiet():
                return super().notify(n)
        return super().notify(n)

    def notify_all(self):
        name = getattr(self, "_ct_name", None)
        if name is not None and not emit.busy():
            emit.step("notify_all", "running", "%s.notify_all()" % name)
            emit.tell("cond_notify", {"lock": name, "woken": self._ct_sleepers()})
            with emit.quiet():
                return super().notify_all()
        return super().notify_all()


class MpBarrier(sync.BarrierMixin, ms.Barrier):
    def __init__(self, parties, action=None, timeout=None, *, ctx):
        self._ct_name = emit.traced_name("Barrier")
        super().__init__(parties, action, timeout, ctx=ctx)

    def __getstate__(self):
        return super().__getstate__() + (self._ct_name,)

    def __setstate__(self, state):
        if len(state) == 6:
            self._ct_name = state[5]
            state = state[:5]
        super().__setstate__(state)


# --- os.fork, os.wait/waitpid, os._exit, os.kill used directly -------------------
_orig_fork, _orig_exit, _orig_kill = os.fork, os._exit, os.kill
_orig_wait, _orig_waitpid = os.wait, os.waitpid
_raw = []  # [True] in a child made by os.fork() itself
_exit_told = []


def _fork():
    if not emit.ACTIVE or emit.busy() or not emit.caller_is_user(1):
        return _orig_fork()
    parent, _ = emit.me()
    n = emit.counter("fork")
    name = emit.unique("fork-%d" % n if emit.PROCESS[0] == emit.MAIN
                       else "%s/fork-%d" % (emit.PROCESS[0], n))
    emit.step("fork", "running", "os.fork()")
    began = emit.t_us()
    pid = _orig_fork()
    if pid == 0:
        _raw.append(True)
        become(name)
        atexit.register(_raw_exit)
    else:
        _pids[pid] = name
        emit.send(name, "spawned", {"kind": "process", "parent": parent, "daemon": False},
                  pid=pid, t=began)
    return pid


def told_exit(code):
    """A child tells its own `exited` once (the root's is the host's)."""
    if emit.ACTIVE and not _exit_told and emit.PROCESS[0] != emit.MAIN:
        _exit_told.append(True)
        threads.daemons_gone()
        emit.send(emit.PROCESS[0], "exited", {"code": int(code) & 0xFF})


def _raw_exit():
    if _raw:
        told_exit(emit.EXIT_CODE[0])


def _os_exit(code):
    if _raw:
        told_exit(code)
    return _orig_exit(code)


def _reaped(pid, status):
    name = _pids.pop(pid, None) if pid > 0 else None
    if name is not None and emit.ACTIVE:
        if os.WIFSIGNALED(status):
            emit.send(name, "exited", {"signal": signame(os.WTERMSIG(status))}, pid=pid)
        emit.send(name, "reaped", {"by": emit.me()[0]}, pid=pid)


def _wait():
    pid, status = _orig_wait()
    _reaped(pid, status)
    return pid, status


def _waitpid(pid, options):
    got, status = _orig_waitpid(pid, options)
    _reaped(got, status)
    return got, status


def _os_kill(pid, sig):
    name = _pids.get(pid)
    if name is not None and emit.ACTIVE and not emit.busy() and emit.caller_is_user(1):
        emit.step("kill", "running", "os.kill(%s)" % name)
        emit.tell("signalled", {"target": name, "signal": signame(int(sig)), "why": "os.kill()"})
    return _orig_kill(pid, sig)


def install():
    mpp.BaseProcess.start = _start
    mpp.BaseProcess._bootstrap = _bootstrap
    mpp.BaseProcess.join = _join
    mpp.BaseProcess.terminate = _signal(_orig_terminate, "SIGTERM")
    mpp.BaseProcess.kill = _signal(_orig_kill, "SIGKILL")
    mpp.BaseProcess.is_alive = _is_alive
    popen_fork.Popen.poll = _poll
    try:
        from multiprocessing import popen_forkserver
        fs_orig = popen_forkserver.Popen.__dict__.get("poll")
        if fs_orig is not None:
            popen_forkserver.Popen.poll = lambda self, *a: _poll_with(fs_orig, self, *a)
    except ImportError:
        pass
    spawn.get_command_line = _command_line
    spawn.get_preparation_data = _preparation_data
    spawn.prepare = _prepare
    util.spawnv_passfds = _spawnv_passfds
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork)
    os.fork, os._exit, os.kill, os.wait, os.waitpid = _fork, _os_exit, _os_kill, _wait, _waitpid
    ctx = multiprocessing.context.BaseContext
    ctx.Lock = lambda self: MpLock(ctx=self.get_context())
    ctx.RLock = lambda self: MpRLock(ctx=self.get_context())
    ctx.Semaphore = lambda self, value=1: MpSemaphore(value, ctx=self.get_context())
    ctx.BoundedSemaphore = lambda self, value=1: MpBoundedSemaphore(value, ctx=self.get_context())
    ctx.Event = lambda self: MpEvent(ctx=self.get_context())
    ctx.Condition = lambda self, lock=None: MpCondition(lock, ctx=self.get_context())
    ctx.Barrier = lambda self, parties, action=None, timeout=None: MpBarrier(
        parties, action, timeout, ctx=self.get_context())
    for n in ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Event", "Condition", "Barrier"):
        setattr(multiprocessing, n, getattr(multiprocessing.context._default_context, n))


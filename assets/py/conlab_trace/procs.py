"""multiprocessing processes (fork, spawn, forkserver): start, the child's
own start and exit, join/reap, terminate, is_alive. Their locks are in
mpsync.py, os.fork() used directly in fork.py."""
import _thread
import os
import signal
import sys
import traceback

import multiprocessing.process as mpp
from multiprocessing import popen_fork, spawn, util

from . import emit, streams, threads


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
_orig_popen_terminate = popen_fork.Popen.terminate
_orig_spawn_main = spawn._main
_signalling = []  # Process.terminate/kill is telling its own `signalled`

_pids = {}  # child pid -> actor name, for the children of this process
_by_name = {}  # process name -> actor name, for the spawn preparation data
_told = []  # this process already told its `started`
_exit_told = []
BOOT = "import conlab_trace; conlab_trace._child_boot(); "


def _after_fork():
    _pids.clear()
    _by_name.clear()
    del _told[:]
    del _exit_told[:]


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
        _signalling.append(True)
        try:
            return orig(self)
        finally:
            _signalling.pop()
    return send_signal


def _popen_terminate(self):
    """multiprocessing's exit handler terminates daemon children through
    their Popen, not Process.terminate: tell that `signalled` too."""
    name = _pids.get(self.pid)
    if name is not None and not _signalling and emit.ACTIVE and not emit.busy() \
            and self.returncode is None:
        emit.step("terminate", "running", "terminate " + name)
        emit.tell("signalled", {"target": name, "signal": "SIGTERM",
                                "why": "daemon clean-up at exit"})
    return _orig_popen_terminate(self)


def _spawn_main(*args, **kwargs):
    """A spawn child failing before its target runs (in its bootstrapping,
    e.g. starting a process without a __main__ guard) ends with code 1."""
    try:
        return _orig_spawn_main(*args, **kwargs)
    except SystemExit as err:
        code = err.code
        told_exit(code if isinstance(code, int) else (0 if code is None else 1))
        raise
    except BaseException as err:
        lines = str(err).strip().splitlines()
        text = "%s: %s" % (type(err).__name__, lines[0]) if lines else type(err).__name__
        emit.send(emit.PROCESS[0], "error", {"text": text})
        told_exit(1)
        raise


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




def told_exit(code):
    """A child tells its own `exited` once (the root's is the host's)."""
    if emit.ACTIVE and not _exit_told and emit.PROCESS[0] != emit.MAIN:
        _exit_told.append(True)
        threads.daemons_gone()
        streams.flush()
        _committed()
        emit.send(emit.PROCESS[0], "exited", {"code": int(code) & 0xFF})


def _committed():
    """About to tell its exit, this child ends with it: a SIGTERM racing in (a
    Pool terminating its workers) must not make it end a second time."""
    try:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    except (ValueError, OSError):  # not the main thread
        pass



def install():
    mpp.BaseProcess.start = _start
    mpp.BaseProcess._bootstrap = _bootstrap
    mpp.BaseProcess.join = _join
    mpp.BaseProcess.terminate = _signal(_orig_terminate, "SIGTERM")
    mpp.BaseProcess.kill = _signal(_orig_kill, "SIGKILL")
    mpp.BaseProcess.is_alive = _is_alive
    popen_fork.Popen.poll = _poll
    popen_fork.Popen.terminate = _popen_terminate
    spawn._main = _spawn_main
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

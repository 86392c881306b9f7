"""os.fork, os.wait/waitpid, os._exit and os.kill used directly."""
import atexit
import os

from . import emit, procs

_orig_fork, _orig_exit, _orig_kill = os.fork, os._exit, os.kill
_orig_wait, _orig_waitpid = os.wait, os.waitpid
_raw = []  # [True] in a child made by os.fork() itself


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
        procs.become(name)
        atexit.register(_raw_exit)
    else:
        procs._pids[pid] = name
        emit.send(name, "spawned", {"kind": "process", "parent": parent, "daemon": False},
                  pid=pid, t=began)
    return pid


def _raw_exit():
    if _raw:
        procs.told_exit(emit.EXIT_CODE[0])


def _os_exit(code):
    # Any child (os.fork's or a multiprocessing Process ending with
    # os._exit(n)) tells its own exit here: its _bootstrap never returns.
    if _raw or emit.PROCESS[0] != emit.MAIN:
        procs.told_exit(code)
    return _orig_exit(code)


def _reaped(pid, status):
    name = procs._pids.pop(pid, None) if pid > 0 else None
    if name is not None and emit.ACTIVE:
        if os.WIFSIGNALED(status):
            emit.send(name, "exited", {"signal": procs.signame(os.WTERMSIG(status))}, pid=pid)
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
    name = procs._pids.get(pid)
    if name is not None and emit.ACTIVE and not emit.busy() and emit.caller_is_user(1):
        emit.step("kill", "running", "os.kill(%s)" % name)
        emit.tell("signalled", {"target": name, "signal": procs.signame(int(sig)), "why": "os.kill()"})
    return _orig_kill(pid, sig)



def _after_fork():
    del _raw[:]  # set again by _fork when os.fork() itself made this child


def install():
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork)
    os.fork, os._exit, os.kill, os.wait, os.waitpid = _fork, _os_exit, _os_kill, _wait, _waitpid

"""conlab_trace: tells the lab what a learner's Python program does.

Run as `python3 -m conlab_trace FILE ARGS...` with CONLAB_PY_SOCK (the host's
Unix stream socket) or CONLAB_PY_EVENTS (a file, for tests) set; without
either, the program runs as plain Python. Standard library only, 3.8+.
Nothing here is imported at package import time: __main__ first sets the
environment that emit reads.
"""

_installed = []


class DeadlockBroken(RuntimeError):
    """Raised by conlab (not Python) in a thread it chose as a deadlock's
    victim, at the lock wait that would never end."""

    def __init__(self, msg=None):
        RuntimeError.__init__(self, msg or (
            "conlab broke a deadlock: this thread was chosen as the victim; "
            "Python itself would wait here for ever"))


def install():
    """Patch threading, multiprocessing, queue, socket, time and print (once)."""
    if _installed:
        return
    _installed.append(True)
    from . import emit
    if not emit.ACTIVE:
        return
    # Every area is imported before any is installed: multiprocessing's
    # classes must subclass the standard library's own, not ours.
    from . import threads, sync
    from . import queues, mpqueues, pipes, procs, mpsync, fork, sharedvals, mgrqueues, managers
    from . import sockets, select_, pools, poolmaps, futures, streams
    threads.install()
    sync.install()
    for area in (queues, mpqueues, pipes, procs, mpsync, fork, sharedvals, mgrqueues, managers,
                 sockets, select_, pools, poolmaps, futures, streams):
        area.install()
    from . import aio
    aio.install()


def _child_boot():
    """First thing a spawned (or forkserver) child runs."""
    install()

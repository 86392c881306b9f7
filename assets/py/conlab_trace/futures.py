"""concurrent.futures executors: ThreadPoolExecutor, ProcessPoolExecutor."""
import threading

from . import emit
from .pools import Task, _pool_name, _results, _submitted


def _patch_executors():
    from concurrent.futures import _base, process, thread
    for cls, kind in ((thread.ThreadPoolExecutor, "thread"), (process.ProcessPoolExecutor, "process")):
        _patch_executor(cls, kind)
    result, add_done = _base.Future.result, _base.Future.add_done_callback
    in_callback = threading.local()

    def _result(self, timeout=None):
        r = result(self, timeout)
        told = getattr(self, "_ct_task", None)
        # A done-callback's result() (on a worker or the management thread)
        # is not the task's result handed back: the caller's result() is.
        if getattr(in_callback, "on", False):
            return r
        if told is not None and not getattr(self, "_ct_got", False):
            self._ct_got = True
            _results(told[0], told[1], r)
        return r

    def _add_done_callback(self, fn):
        told = getattr(self, "_ct_task", None)
        if told is not None:
            def done(fut):
                if not fut.cancelled() and fut.exception() is None:
                    emit.tell("callback", {"pool": told[0], "task": told[1],
                                           "result": emit.item(fut._result)})
                in_callback.on = True
                try:
                    return fn(fut)
                finally:
                    in_callback.on = False
            return add_done(self, done)
        return add_done(self, fn)

    _base.Future.result, _base.Future.add_done_callback = _result, _add_done_callback


def _patch_executor(cls, kind):
    init, submit, shutdown = cls.__init__, cls.submit, cls.shutdown

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        f = emit.caller_is_user(1) if emit.ACTIVE else None
        if f is not None:
            entry = _pool_name(self, f)
            emit.tell("pool_created", {"pool": entry[0], "kind": kind,
                                       "size": int(self._max_workers), "workers": []})

    def _submit(self, fn, *args, **kwargs):
        entry = getattr(self, "_ct_pool", None)
        if entry is None or emit.busy():
            return submit(self, fn, *args, **kwargs)
        user = emit.caller_is_user(1)
        task = _submitted(entry, "submit" if user else "map", args[0] if args else None)
        fut = submit(self, Task(fn, entry[0], task), *args, **kwargs)
        fut._ct_task = (entry[0], task)
        return fut

    def _shutdown(self, *args, **kwargs):
        entry = getattr(self, "_ct_pool", None)
        if entry is not None and not getattr(self, "_ct_closed", False):
            self._ct_closed = True
            emit.tell("pool_closed", {"pool": entry[0]})
        return shutdown(self, *args, **kwargs)

    cls.__init__, cls.submit, cls.shutdown = __init__, _submit, _shutdown



def install():
    _patch_executors()

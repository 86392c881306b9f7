"""multiprocessing.Pool and ThreadPool: tasks, workers, results, callbacks.
Task and the naming helpers are shared with futures.py."""
import os
import threading

from . import emit

_flags = threading.local()
_SKIP = tuple(os.path.join("multiprocessing", m) for m in ("context.py", "pool.py"))
MARK = "\x00conlab-task"


class Task:
    """The learner's function as a pool runs it: the worker tells the task's
    start and finish around the call. Picklable, so process workers get it."""

    def __init__(self, fn, pool, task, star=False, tag=False):
        self.fn, self.pool, self.task, self.star = fn, pool, task, star
        self.tag = tag  # return (MARK, task, result): imap's results name their task

    def __call__(self, *args, **kwargs):
        task = self.task
        if self.star == "args":  # starmap: called as fn(task id, args)
            task, args = args
            args = tuple(args)
        elif self.star:  # map: (task id, item)
            task, item = args[0]
            args = (item,)
        emit.tell("task_started", {"pool": self.pool, "task": task,
                                   "arg": emit.item(args[0]) if args else None})
        result = None
        try:
            result = self.fn(*args, **kwargs)
            return (MARK, task, result) if self.tag else result
        finally:
            emit.tell("task_finished", {"pool": self.pool, "task": task,
                                        "result": emit.item(result)})


def _pool_name(pool, frame):
    entry = getattr(pool, "_ct_pool", None)
    if entry is None:
        entry = [emit.object_name("Pool", frame), 0]
        pool._ct_pool = entry
    return entry


def _next_task(entry):
    entry[1] += 1
    return entry[1]


def _submitted(entry, how, arg):
    task = _next_task(entry)
    emit.step(how, "running", "%s.%s()" % (entry[0], how))
    emit.tell("task_submitted", {"pool": entry[0], "task": task, "arg": emit.item(arg), "how": how})
    return task


def _results(pool, task, result):
    emit.tell("task_result", {"pool": pool, "task": task, "result": emit.item(result)})


def _callback(cb, pool, task):
    def told(result):
        emit.tell("callback", {"pool": pool, "task": task, "result": emit.item(result)})
        return cb(result)
    return told


def _patch_mp_pool():
    from multiprocessing import pool as mpool
    P, AR = mpool.Pool, mpool.ApplyResult
    init, apply_async, apply, pmap, close = P.__init__, P.apply_async, P.apply, P.map, P.close
    get = AR.get

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        # ThreadPool.__init__ calls this one: look through it.
        f = emit.caller_is_user(1, _SKIP) if emit.ACTIVE else None
        if f is None:
            return
        entry = _pool_name(self, f)
        thread = isinstance(self, mpool.ThreadPool)
        workers = [getattr(p, "_ct_actor", None) or p.name for p in self._pool]
        emit.tell("pool_created", {"pool": entry[0], "kind": "thread" if thread else "process",
                                   "size": len(self._pool), "workers": workers})
        h = self._result_handler
        if h.ident is not None:
            name = emit.unique("%s-results" % entry[0])
            emit.ACTORS[h.ident] = name
            emit.send(name, "spawned", {"kind": "thread", "parent": emit.me()[0], "daemon": True})
            emit.send(name, "started", tid=getattr(h, "native_id", None))

    def _apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        entry = getattr(self, "_ct_pool", None)
        if entry is None or emit.busy():
            return apply_async(self, func, args, kwds, callback, error_callback)
        how = getattr(_flags, "how", None) or "apply_async"
        task = _submitted(entry, how, args[0] if args else None)
        if callback is not None:
            callback = _callback(callback, entry[0], task)
        r = apply_async(self, Task(func, entry[0], task), args, kwds, callback, error_callback)
        r._ct_task = (entry[0], task)
        return r

    def _apply(self, func, args=(), kwds={}):
        _flags.how = "apply"
        try:
            return apply(self, func, args, kwds)
        finally:
            _flags.how = None

    def _map(self, func, iterable, chunksize=None):
        entry = getattr(self, "_ct_pool", None)
        if entry is None or emit.busy():
            return pmap(self, func, iterable, chunksize)
        items = list(iterable)
        tasks = [_submitted(entry, "map", x) for x in items]
        out = pmap(self, Task(func, entry[0], 0, star=True), list(zip(tasks, items)), chunksize)
        for task, result in zip(tasks, out):
            _results(entry[0], task, result)
        return out

    def _get(self, timeout=None):
        r = get(self, timeout)
        told = getattr(self, "_ct_task", None)
        if told is not None and not getattr(self, "_ct_got", False):
            self._ct_got = True
            if isinstance(told[1], list):  # map_async, starmap_async
                for task, result in zip(told[1], r):
                    _results(told[0], task, result)
            else:
                _results(told[0], told[1], r)
        return r

    def _close(self):
        entry = getattr(self, "_ct_pool", None)
        if entry is not None and self._state == mpool.RUN:
            emit.step("close", "running", "%s.close()" % entry[0])
            emit.tell("pool_closed", {"pool": entry[0]})
        return close(self)

    P.__init__, P.apply_async, P.apply, P.map, P.close = __init__, _apply_async, _apply, _map, _close
    AR.get = _get



def install():
    _patch_mp_pool()

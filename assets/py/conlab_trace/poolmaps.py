"""multiprocessing.Pool's imap, imap_unordered, starmap, map_async and
starmap_async (and ThreadPool's): told as the tasks of pools.py, with
`how` the method's name. imap's items are taken as lazily as Python takes
them: each `task_submitted` is told (as the caller) when the pool takes it."""
from multiprocessing import pool as mpool

from . import emit
from .pools import MARK, Task, _next_task, _results, _submitted

P, IT = mpool.Pool, mpool.IMapIterator
_orig = {n: getattr(P, n) for n in ("imap", "imap_unordered", "starmap", "map_async",
                                     "starmap_async")}
_orig_next = IT.next


def _traced(self):
    entry = getattr(self, "_ct_pool", None)
    return None if entry is None or emit.busy() else entry


def _starmap(self, func, iterable, chunksize=None):
    entry = _traced(self)
    if entry is None:
        return _orig["starmap"](self, func, iterable, chunksize)
    items = [tuple(x) for x in iterable]
    tasks = [_submitted(entry, "starmap", x[0] if x else None) for x in items]
    out = _orig["starmap"](self, Task(func, entry[0], 0, star="args"), list(zip(tasks, items)),
                           chunksize)
    for task, result in zip(tasks, out):
        _results(entry[0], task, result)
    return out


def _async(how, star):
    def submit(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        entry = _traced(self)
        if entry is None:
            return _orig[how](self, func, iterable, chunksize, callback, error_callback)
        items = [tuple(x) for x in iterable] if star else list(iterable)
        tasks = [_submitted(entry, how, (x[0] if x else None) if star else x) for x in items]
        if callback is not None and tasks:
            callback = _batch_callback(callback, entry[0], tasks[0])
        r = _orig[how](self, Task(func, entry[0], 0, star="args" if star else True),
                       list(zip(tasks, items)), chunksize, callback, error_callback)
        r._ct_task = (entry[0], tasks)
        return r
    return submit


def _batch_callback(cb, pool, task):
    """One callback gets the whole list: told once, with the batch's first task."""
    def told(results):
        emit.tell("callback", {"pool": pool, "task": task, "result": None})
        return cb(results)
    return told


def _imap(how):
    def imap(self, func, iterable, chunksize=1):
        entry = _traced(self)
        if entry is None:
            return _orig[how](self, func, iterable, chunksize)
        emit.step(how, "running", "%s.%s()" % (entry[0], how))
        actor, tid = emit.me()

        def pairs():
            for x in iterable:
                task = _next_task(entry)
                emit.send(actor, "task_submitted", {"pool": entry[0], "task": task,
                                                    "arg": emit.item(x), "how": how}, tid=tid)
                yield task, x

        it = _orig[how](self, Task(func, entry[0], 0, star=True, tag=True), pairs(), chunksize)
        it._ct_pool = entry[0]
        return it
    return imap


def _next(self, timeout=None):
    r = _orig_next(self, timeout)
    pool = getattr(self, "_ct_pool", None)
    if pool is not None and type(r) is tuple and len(r) == 3 and r[0] == MARK:
        _results(pool, r[1], r[2])
        return r[2]
    return r


def install():
    P.starmap = _starmap
    P.map_async = _async("map_async", False)
    P.starmap_async = _async("starmap_async", True)
    P.imap = _imap("imap")
    P.imap_unordered = _imap("imap_unordered")
    IT.next = IT.__next__ = _next

"""asyncio's Lock, Semaphore, BoundedSemaphore, Event and Queue family, told
with the events of threading's (lock_wait only when the await will
suspend). Subclasses: only objects the learner's code makes are named and
told; each wraps the original await without adding a turn of the loop."""
from . import emit


def _u32(n):
    return max(0, min(int(n), 2 ** 32 - 1))


def make(asyncio, waits):
    """The traced classes, built on this asyncio's own."""
    _Lock, _Sem, _BSem, _Event = (asyncio.Lock, asyncio.Semaphore, asyncio.BoundedSemaphore,
                                  asyncio.Event)

    def told(obj):
        return obj._ct_name is not None and emit.ACTIVE and not emit.busy()

    class Lock(_Lock):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._ct_name = emit.traced_name("Lock")

        def _ct_busy(self):
            return self._locked or any(not w.cancelled() for w in (self._waiters or ()))

        async def acquire(self):
            if not told(self):
                return await _Lock.acquire(self)
            name = self._ct_name
            emit.step("acquire", "blocked", "acquire " + name)
            if self._ct_busy():
                emit.tell("lock_wait", {"lock": name})
                waits()
            r = await _Lock.acquire(self)
            emit.tell("lock_acquired", {"lock": name, "count": 1})
            return r

        def release(self):
            if told(self) and self._locked:
                emit.step("release", "running", "release " + self._ct_name)
                emit.tell("lock_released", {"lock": self._ct_name, "count": 0})
            return _Lock.release(self)

    class _SemMixin:
        def __init__(self, value=1, *a, **kw):
            super().__init__(value, *a, **kw)
            self._ct_init = value
            self._ct_name = emit.traced_name(self._ct_kind)

        def _holders(self):
            return _u32(self._ct_init - self._value)

        async def acquire(self):
            if not told(self):
                return await super().acquire()
            name = self._ct_name
            emit.step("acquire", "blocked", "acquire " + name)
            if self.locked():
                emit.tell("lock_wait", {"lock": name})
                waits()
            r = await super().acquire()
            emit.tell("lock_acquired", {"lock": name, "count": self._holders()})
            return r

        def release(self):
            if not told(self):
                return super().release()
            emit.step("release", "running", "release " + self._ct_name)
            r = super().release()
            emit.tell("lock_released", {"lock": self._ct_name, "count": self._holders()})
            return r

    class Semaphore(_SemMixin, _Sem):
        _ct_kind = "Semaphore"

    class BoundedSemaphore(_SemMixin, _BSem):
        _ct_kind = "BoundedSemaphore"

    class Event(_Event):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self._ct_name = emit.traced_name("Event")

        def set(self):
            if told(self):
                emit.step("set", "running", "set " + self._ct_name)
                emit.tell("event_set", {"lock": self._ct_name, "set": True})
            return _Event.set(self)

        def clear(self):
            if told(self):
                emit.step("clear", "running", "clear " + self._ct_name)
                emit.tell("event_set", {"lock": self._ct_name, "set": False})
            return _Event.clear(self)

        async def wait(self):
            if not told(self):
                return await _Event.wait(self)
            name = self._ct_name
            emit.step("wait", "blocked", "wait " + name)
            if not self.is_set():
                emit.tell("event_wait", {"lock": name})
                waits()
            r = await _Event.wait(self)
            emit.tell("event_passed", {"lock": name})
            return r

    return [Lock, Semaphore, BoundedSemaphore, Event] + _queues(asyncio, waits, told)


def _queues(asyncio, waits, told):
    class _QMixin:
        def __init__(self, *a, **kw):
            self._ct_from = []
            self._ct_name = None
            super().__init__(*a, **kw)
            self._ct_name = emit.traced_name(self._ct_kind)

        def _ct_cap(self):
            return _u32(self._maxsize) if self._maxsize > 0 else 0

        def _put(self, item):
            super()._put(item)
            if self._ct_name is not None and emit.ACTIVE:
                self._ct_from.append((item, emit.me()[0]))
                emit.tell("queue_put", {"queue": self._ct_name, "item": emit.item(item),
                                        "len": _u32(self.qsize()), "cap": self._ct_cap()})

        def _get(self):
            item = super()._get()
            if self._ct_name is not None and emit.ACTIVE:
                src = "?"
                order = range(len(self._ct_from) - 1, -1, -1) \
                    if self._ct_kind == "LifoQueue" else range(len(self._ct_from))
                for i in order:
                    if self._ct_from[i][0] is item:
                        src = self._ct_from.pop(i)[1]
                        break
                emit.tell("queue_get", {"queue": self._ct_name, "item": emit.item(item),
                                        "from": src, "len": _u32(self.qsize()),
                                        "cap": self._ct_cap()})
            return item

        async def get(self):
            if told(self):
                emit.step("get", "running", "get from " + self._ct_name)
                if self.empty():
                    emit.tell("queue_wait", {"queue": self._ct_name, "side": "empty", "len": 0,
                                             "cap": self._ct_cap()})
                    waits()
            return await super().get()

        async def put(self, item):
            if told(self):
                emit.step("put", "running", "put into " + self._ct_name)
                if self.full():
                    emit.tell("queue_wait", {"queue": self._ct_name, "side": "full",
                                             "len": _u32(self.qsize()), "cap": self._ct_cap()})
                    waits()
            return await super().put(item)

        def task_done(self):
            r = super().task_done()
            if told(self):
                emit.step("task_done", "running", "%s.task_done()" % self._ct_name)
                emit.tell("task_done", {"queue": self._ct_name,
                                        "unfinished": _u32(self._unfinished_tasks)})
            return r

        async def join(self):
            if not told(self):
                return await super().join()
            emit.step("join_queue", "waiting", "%s.join()" % self._ct_name)
            if self._unfinished_tasks > 0:
                waits()
            r = await super().join()
            emit.tell("queue_joined", {"queue": self._ct_name})
            return r

    class Queue(_QMixin, asyncio.Queue):
        _ct_kind = "Queue"

    class LifoQueue(_QMixin, asyncio.LifoQueue):
        _ct_kind = "LifoQueue"

    class PriorityQueue(_QMixin, asyncio.PriorityQueue):
        _ct_kind = "PriorityQueue"

    return [Queue, LifoQueue, PriorityQueue]


def install(asyncio, waits):
    """Replace asyncio.Lock... with the traced classes (asyncio's own modules
    keep theirs: the locks asyncio makes for itself stay plain)."""
    for cls in make(asyncio, waits):
        cls.__module__ = "asyncio"
        cls.__qualname__ = cls.__name__
        setattr(asyncio, cls.__name__, cls)

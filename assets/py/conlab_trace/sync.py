"""threading's Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition
and Barrier. Only objects the learner's code creates are told; the ones
the standard library makes for itself stay plain."""
import _thread
import sys
import threading
import time

from . import control, emit

_Lock = threading.Lock
_RLock = threading.RLock
_Semaphore = threading.Semaphore
_BoundedSemaphore = threading.BoundedSemaphore
_Event = threading.Event
_Condition = threading.Condition
_Barrier = threading.Barrier


def _is_timed(blocking, timeout):
    return (not blocking) or (timeout is not None and timeout >= 0)


def take(name, try_now, block, blocking, timeout, count, sliced=None):
    """The acquire protocol: try without waiting first; tell lock_wait only
    when the lock is not free; timed_out when a timed wait gives up. With
    `sliced` (acquire for at most t seconds) the wait can be broken by the
    host (see _interruptible); else `block()` waits as it will."""
    emit.step("acquire_timeout" if _is_timed(blocking, timeout) else "acquire",
              "blocked", "acquire " + name)
    ok = try_now()
    if not ok and blocking:
        emit.tell("lock_wait", {"lock": name})
        ok = block() if sliced is None else _interruptible(sliced, timeout)
    if ok:
        emit.tell("lock_acquired", {"lock": name, "count": count()})
    else:
        wait = 0.0 if not blocking or timeout is None or timeout < 0 else float(timeout)
        emit.tell("timed_out", {"op": "acquire", "object": name, "timeout": wait})
    return ok


# How often a blocked acquire looks whether the host chose its thread as a
# deadlock's victim. The wait itself is the real one (acquire with a
# timeout wakes at once when the lock is let go): the cost is one wake-up
# per slice while blocked, none on an acquire that does not wait.
SLICE = 0.05


def _interruptible(block, timeout):
    """block(t) (a blocking acquire for at most t seconds) in slices until it
    succeeds or `timeout` (None or < 0: none) passes; raises DeadlockBroken
    when the host picks this thread as a deadlock's victim."""
    end = None if timeout is None or timeout < 0 else time.monotonic() + timeout
    while True:
        # The set is empty unless the host picked a victim: no lookup then.
        if control.unwinding() and control.must_unwind(emit.me()[0]):
            control.unwound(emit.me()[0])
            from . import DeadlockBroken
            raise DeadlockBroken()
        t = SLICE if end is None else min(SLICE, end - time.monotonic())
        if t <= 0:
            return block(0)
        if block(t):
            return True


class TracedLock:
    """A threading.Lock that tells its acquires and releases."""

    def __init__(self, raw, name):
        self._raw = raw
        self._ct_name = name

    def acquire(self, blocking=True, timeout=-1):
        raw = self._raw
        if emit.busy() or (not blocking and timeout != -1):
            return raw.acquire(blocking, timeout)
        return take(self._ct_name, lambda: raw.acquire(False), None, blocking, timeout,
                    lambda: 1, lambda t: raw.acquire(True, t))

    __enter__ = acquire

    def release(self):
        if self._raw.locked() and not emit.busy():
            emit.step("release", "running", "release " + self._ct_name)
            emit.tell("lock_released", {"lock": self._ct_name, "count": 0})
        self._raw.release()

    def __exit__(self, *a):
        self.release()

    def locked(self):
        return self._raw.locked()

    def _is_owned(self):
        if self._raw.acquire(False):
            self._raw.release()
            return False
        return True

    def _release_save(self):
        emit.tell("lock_released", {"lock": self._ct_name, "count": 0})
        self._raw.release()

    def _acquire_restore(self, _state):
        if not self._raw.acquire(False):
            emit.tell("lock_wait", {"lock": self._ct_name})
            self._raw.acquire()
        emit.tell("lock_acquired", {"lock": self._ct_name, "count": 1})

    def _at_fork_reinit(self):
        self._raw._at_fork_reinit()

    def __repr__(self):
        return repr(self._raw)


class TracedRLock(TracedLock):
    """A threading.RLock; `count` is the owner's hold count."""

    def __init__(self, raw, name):
        TracedLock.__init__(self, raw, name)
        self._ct_count = 0

    def _bump(self):
        self._ct_count += 1
        return self._ct_count

    def acquire(self, blocking=True, timeout=-1):
        raw = self._raw
        if emit.busy() or (not blocking and timeout != -1):
            return raw.acquire(blocking, timeout)
        return take(self._ct_name, lambda: raw.acquire(False), None, blocking, timeout,
                    self._bump, lambda t: raw.acquire(True, t))

    __enter__ = acquire

    def release(self):
        if self._raw._is_owned() and not emit.busy():
            self._ct_count = max(0, self._ct_count - 1)
            emit.step("release", "running", "release " + self._ct_name)
            emit.tell("lock_released", {"lock": self._ct_name, "count": self._ct_count})
        self._raw.release()

    def locked(self):
        if self._raw.acquire(False):
            self._raw.release()
            return False
        return True

    def _is_owned(self):
        return self._raw._is_owned()

    def _release_save(self):
        n = self._ct_count
        self._ct_count = 0
        emit.tell("lock_released", {"lock": self._ct_name, "count": 0})
        return (n, self._raw._release_save())

    def _acquire_restore(self, state):
        n, raw_state = state
        if self._raw.acquire(False):
            self._raw.release()
        else:
            emit.tell("lock_wait", {"lock": self._ct_name})
        self._raw._acquire_restore(raw_state)
        self._ct_count = n
        emit.tell("lock_acquired", {"lock": self._ct_name, "count": n})


class _LockType(type):
    """isinstance(x, threading.Lock) as in plain Python: true for a told lock
    from 3.13 (threading.Lock is the lock type itself), a TypeError before
    (threading.Lock was a function)."""

    def __instancecheck__(cls, obj):
        if sys.version_info < (3, 13):
            raise TypeError(_NOT_A_TYPE)
        return type(obj) in (_RAW_LOCK, TracedLock)


_RAW_LOCK = type(_Lock())
# Python's own words (unions came in 3.10).
_NOT_A_TYPE = ("isinstance() arg 2 must be a type or tuple of types" if sys.version_info < (3, 10)
               else "isinstance() arg 2 must be a type, a tuple of types, or a union")


class Lock(metaclass=_LockType):
    """threading.Lock(): a plain lock, told when the learner's code made it."""

    def __new__(cls, *args, **kwargs):
        raw = _Lock(*args, **kwargs)
        name = emit.traced_name("Lock")
        return raw if name is None else TracedLock(raw, name)


def RLock(*args, **kwargs):
    raw = _RLock(*args, **kwargs)
    name = emit.traced_name("RLock")
    return raw if name is None else TracedRLock(raw, name)


class _SemMixin:
    def __init__(self, value=1, *args, **kwargs):
        if "_ct_init" in self.__dict__:
            # BoundedSemaphore.__init__ calls threading.Semaphore.__init__ (us).
            return _Semaphore.__init__(self, value, *args, **kwargs)
        self._ct_init = value
        self._ct_name = None
        super().__init__(value, *args, **kwargs)
        self._ct_name = emit.traced_name(self._ct_kind)

    def _holders(self):
        return max(0, self._ct_init - self._value)

    def acquire(self, blocking=True, timeout=None):
        if self._ct_name is None or emit.busy() or (not blocking and timeout is not None):
            return super().acquire(blocking, timeout)
        sup = super()
        return take(self._ct_name, lambda: sup.acquire(False), None, blocking, timeout,
                    self._holders, lambda t: sup.acquire(True, t))

    __enter__ = acquire

    def release(self, *args):
        if self._ct_name is None or emit.busy():
            return super().release(*args)
        emit.step("release", "running", "release " + self._ct_name)
        n = args[0] if args else 1
        emit.tell("lock_released", {"lock": self._ct_name,
                                    "count": max(0, self._holders() - n)})
        return super().release(*args)


class Semaphore(_SemMixin, _Semaphore):
    _ct_kind = "Semaphore"


class BoundedSemaphore(_SemMixin, _BoundedSemaphore):
    _ct_kind = "BoundedSemaphore"


class EventMixin:
    """set/clear/wait told, for threading's and multiprocessing's Event."""

    def set(self):
        if self._ct_name is not None and not emit.busy():
            emit.step("set", "running", "set " + self._ct_name)
            emit.tell("event_set", {"lock": self._ct_name, "set": True})
        return super().set()

    def clear(self):
        if self._ct_name is not None and not emit.busy():
            emit.step("clear", "running", "clear " + self._ct_name)
            emit.tell("event_set", {"lock": self._ct_name, "set": False})
        return super().clear()

    def wait(self, timeout=None):
        name = self._ct_name
        if name is None or emit.busy():
            return super().wait(timeout)
        emit.step("wait", "blocked", "wait " + name)
        # Told even when the event is set already (then passed at once), as the lab does.
        emit.tell("event_wait", {"lock": name})
        if self.is_set():
            emit.tell("event_passed", {"lock": name})
            return True
        ok = super().wait(timeout)
        if ok:
            emit.tell("event_passed", {"lock": name})
        else:
            emit.tell("timed_out", {"op": "wait", "object": name, "timeout": float(timeout or 0)})
        return ok


class Event(EventMixin, _Event):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ct_name = emit.traced_name("Event")


class Condition(_Condition):
    def __init__(self, lock=None):
        name = emit.traced_name("Condition")
        if name is not None and lock is None:
            lock = TracedRLock(_RLock(), name)
        super().__init__(lock)
        self._ct_name = name

    def wait(self, timeout=None):
        name = self._ct_name
        if name is None or emit.busy():
            return super().wait(timeout)
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        emit.step("wait", "blocked", "%s.wait()" % name)
        waiter = _thread.allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        emit.tell("cond_wait", {"lock": name})
        saved_state = self._release_save()
        gotit = False
        try:
            if timeout is None:
                waiter.acquire()
                gotit = True
            elif timeout > 0:
                gotit = waiter.acquire(True, timeout)
            else:
                gotit = waiter.acquire(False)
            return gotit
        finally:
            emit.tell("cond_woken", {"lock": name, "notified": gotit})
            self._acquire_restore(saved_state)
            if not gotit:
                try:
                    self._waiters.remove(waiter)
                except ValueError:
                    pass

    def notify(self, n=1):
        if self._ct_name is not None and not emit.busy() and self._is_owned():
            emit.step("notify", "running", "%s.notify()" % self._ct_name)
            emit.tell("cond_notify", {"lock": self._ct_name, "n": n,
                                      "woken": min(n, len(self._waiters))})
        return super().notify(n)

    def notify_all(self):
        if self._ct_name is None or emit.busy() or not self._is_owned():
            return super().notify_all()
        emit.step("notify_all", "running", "%s.notify_all()" % self._ct_name)
        emit.tell("cond_notify", {"lock": self._ct_name, "woken": len(self._waiters)})
        return _Condition.notify(self, len(self._waiters))

    notifyAll = notify_all


class BarrierMixin:
    """wait/abort/reset told, for threading's and multiprocessing's Barrier."""

    def wait(self, timeout=None):
        name = self._ct_name
        if name is None or emit.busy():
            return super().wait(timeout)
        emit.step("wait", "blocked", "%s.wait()" % name)
        began = time.monotonic()
        limit = timeout if timeout is not None else self._timeout
        try:
            index = super().wait(timeout)
        except threading.BrokenBarrierError:
            mine = limit is not None and time.monotonic() - began >= limit
            emit.tell("barrier_broken", {"barrier": name, "timed_out": bool(mine)})
            raise
        emit.tell("barrier_passed", {"barrier": name, "index": index})
        return index

    def _enter(self):
        # Called under the barrier's own lock just before the arrival counts.
        r = super()._enter()
        if self._ct_name is not None and not emit.busy():
            emit.tell("barrier_wait", {"barrier": self._ct_name, "arrived": self._count + 1,
                                       "parties": self._parties})
        return r

    def abort(self):
        if self._ct_name is not None:
            emit.tell("barrier_abort", {"barrier": self._ct_name, "reset": False})
        return super().abort()

    def reset(self):
        if self._ct_name is not None:
            emit.tell("barrier_abort", {"barrier": self._ct_name, "reset": True})
        return super().reset()


class Barrier(BarrierMixin, _Barrier):
    def __init__(self, parties, action=None, timeout=None):
        super().__init__(parties, action, timeout)
        self._ct_name = emit.traced_name("Barrier")


def install():
    threading.Lock = Lock
    threading.RLock = RLock
    threading.Semaphore = Semaphore
    threading.BoundedSemaphore = BoundedSemaphore
    threading.Event = Event
    threading.Condition = Condition
    threading.Barrier = Barrier

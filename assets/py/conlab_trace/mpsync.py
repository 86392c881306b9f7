"""multiprocessing's Lock, RLock, Semaphore, BoundedSemaphore, Event,
Condition and Barrier, told as their threading twins."""
import multiprocessing
import multiprocessing.context
import multiprocessing.synchronize as ms

from . import emit, sync

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



def install():
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

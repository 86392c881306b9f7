"""multiprocessing's Queue and JoinableQueue: the putter travels with the item."""
import queue

import multiprocessing
import multiprocessing.context
import multiprocessing.queues as mpq

from . import emit
from .queues import MARK, _bad_timeout, _u32

def _untag(res):
    if type(res) is tuple and len(res) == 3 and res[0] == MARK:
        return res[2], res[1]
    return res, "?"


class _MpQMixin:
    """A process queue: the putter's actor travels with the item (tagged in
    the pipe, untagged before get() returns it)."""

    _ct_kind = "Queue"

    def __init__(self, maxsize=0, *, ctx):
        self._ct_name = emit.traced_name(self._ct_kind)
        super().__init__(maxsize, ctx=ctx)

    def __getstate__(self):
        return super().__getstate__() + (self._ct_name,)

    def __setstate__(self, state):
        self._ct_name = state[-1]
        super().__setstate__(state[:-1])

    def _ct_len(self):
        try:
            return _u32(self._maxsize - self._sem._semlock._get_value())
        except Exception:
            return 0

    def _ct_cap(self):
        return 0 if self._maxsize >= 2 ** 31 - 1 else _u32(self._maxsize)

    def put(self, obj, block=True, timeout=None):
        name = getattr(self, "_ct_name", None)
        if name is None or emit.busy() or self._closed:
            return super().put(obj, block, timeout)
        emit.step("put", "running", "put into " + name)
        tagged = (MARK, emit.me()[0], obj)
        waited = False
        while True:
            # Its time is taken before the feeder has it: never after its get.
            t = emit.t_us()
            try:
                super().put(tagged, False)
                break
            except queue.Full:
                if not block:
                    emit.tell("queue_full", {"queue": name, "item": emit.item(obj)})
                    raise
            if not waited:
                waited = True
                emit.tell("queue_wait", {"queue": name, "side": "full", "len": self._ct_len(),
                                         "cap": self._ct_cap()})
            if not self._sem.acquire(True, timeout):
                emit.tell("queue_full", {"queue": name, "item": emit.item(obj)})
                raise queue.Full
            self._sem.release()
        actor, tid = emit.me()
        emit.send(actor, "queue_put", {"queue": name, "item": emit.item(obj), "len": self._ct_len(),
                                       "cap": self._ct_cap()}, tid=tid, t=t)

    def get(self, block=True, timeout=None):
        name = getattr(self, "_ct_name", None)
        if name is None or emit.busy() or _bad_timeout(block, timeout):
            return _untag(super().get(block, timeout))[0]
        emit.step("get", "running", "get from " + name)
        try:
            res = super().get(False)
        except queue.Empty:
            if not block:
                emit.tell("queue_empty", {"queue": name})
                raise
            emit.tell("queue_wait", {"queue": name, "side": "empty", "len": self._ct_len(),
                                     "cap": self._ct_cap()})
            try:
                res = super().get(True, timeout)
            except queue.Empty:
                emit.tell("queue_empty", {"queue": name})
                raise
        obj, src = _untag(res)
        emit.tell("queue_get", {"queue": name, "item": emit.item(obj), "from": src,
                                "len": self._ct_len(), "cap": self._ct_cap()})
        return obj

    def get_nowait(self):
        return self.get(False)

    def put_nowait(self, obj):
        return self.put(obj, False)

    def _ct_ask(self, question, answer):
        # As Python does: qsize()/full() read the semaphore (items put, fed
        # or not), empty() asks the pipe.
        name = getattr(self, "_ct_name", None)
        if name is not None and not emit.busy() and emit.caller_is_user(2):
            emit.tell("queue_asked", {"queue": name, "question": question,
                                      "answer": repr(answer), "len": self._ct_len()})
        return answer

    def qsize(self):
        return self._ct_ask("qsize", super().qsize())

    def empty(self):
        return self._ct_ask("empty", super().empty())

    def full(self):
        return self._ct_ask("full", super().full())


class MpQueue(_MpQMixin, mpq.Queue):
    _ct_kind = "Queue"


class MpJoinableQueue(_MpQMixin, mpq.JoinableQueue):
    _ct_kind = "JoinableQueue"

    def task_done(self):
        r = super().task_done()
        if getattr(self, "_ct_name", None) is not None:
            emit.step("task_done", "running", "%s.task_done()" % self._ct_name)
            emit.tell("task_done", {"queue": self._ct_name,
                                    "unfinished": _u32(self._unfinished_tasks._semlock._get_value())})
        return r

    def join(self):
        if getattr(self, "_ct_name", None) is None or emit.busy():
            return super().join()
        emit.step("join_queue", "waiting", "%s.join()" % self._ct_name)
        r = super().join()
        emit.tell("queue_joined", {"queue": self._ct_name})
        return r



def install():
    # Through the context's methods, not the module's names: JoinableQueue
    # calls `Queue.__init__` by the module's name.
    ctx = multiprocessing.context.BaseContext
    ctx.Queue = lambda self, maxsize=0: MpQueue(maxsize, ctx=self.get_context())
    ctx.JoinableQueue = lambda self, maxsize=0: MpJoinableQueue(maxsize, ctx=self.get_context())
    for n in ("Queue", "JoinableQueue"):
        setattr(multiprocessing, n, getattr(multiprocessing.context._default_context, n))

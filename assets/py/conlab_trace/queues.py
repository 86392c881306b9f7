"""queue.Queue/LifoQueue/PriorityQueue/SimpleQueue, multiprocessing's
Queue/JoinableQueue and Pipe."""
import _thread
import queue
import re

import multiprocessing.connection as mpc
import multiprocessing.context
import multiprocessing.queues as mpq
from multiprocessing import reduction

from . import emit

_Queue, _Lifo, _Prio, _Simple = queue.Queue, queue.LifoQueue, queue.PriorityQueue, queue.SimpleQueue
MARK = "\x00conlab"  # an item put by a told process queue travels as (MARK, actor, item)


def _u32(n):
    return max(0, min(int(n), 2 ** 32 - 1))


def _bad_timeout(block, timeout):
    return block and timeout is not None and timeout < 0


class _QMixin:
    """The queue module's queues; the putter of each item is kept beside it."""

    _ct_kind = "Queue"

    def __init__(self, maxsize=0):
        self._ct_from = []
        super().__init__(maxsize)
        self._ct_name = emit.traced_name(self._ct_kind)

    def _ct_cap(self):
        return _u32(self.maxsize) if self.maxsize > 0 else 0

    def _put(self, item):
        super()._put(item)
        if self._ct_name is not None:
            self._ct_from.append((item, emit.me()[0] if emit.ACTIVE else "?"))
            emit.tell("queue_put", {"queue": self._ct_name, "item": emit.item(item),
                                    "len": _u32(self._qsize()), "cap": self._ct_cap()})

    def _get(self):
        item = super()._get()
        if self._ct_name is not None:
            src = "?"
            order = range(len(self._ct_from) - 1, -1, -1) if self._ct_kind == "LifoQueue" \
                else range(len(self._ct_from))
            for i in order:
                if self._ct_from[i][0] is item:
                    src = self._ct_from.pop(i)[1]
                    break
            emit.tell("queue_get", {"queue": self._ct_name, "item": emit.item(item), "from": src,
                                    "len": _u32(self._qsize()), "cap": self._ct_cap()})
        return item

    def put(self, item, block=True, timeout=None):
        name = self._ct_name
        if name is None or emit.busy() or _bad_timeout(block, timeout):
            return super().put(item, block, timeout)
        emit.step("put", "running", "put into " + name)
        try:
            return super().put(item, False)
        except queue.Full:
            if not block:
                emit.tell("queue_full", {"queue": name, "item": emit.item(item)})
                raise
        emit.tell("queue_wait", {"queue": name, "side": "full", "len": _u32(self._qsize()),
                                 "cap": self._ct_cap()})
        try:
            return super().put(item, True, timeout)
        except queue.Full:
            emit.tell("queue_full", {"queue": name, "item": emit.item(item)})
            raise

    def get(self, block=True, timeout=None):
        name = self._ct_name
        if name is None or emit.busy() or _bad_timeout(block, timeout):
            return super().get(block, timeout)
        emit.step("get", "running", "get from " + name)
        try:
            return super().get(False)
        except queue.Empty:
            if not block:
                emit.tell("queue_empty", {"queue": name})
                raise
        emit.tell("queue_wait", {"queue": name, "side": "empty", "len": 0, "cap": self._ct_cap()})
        try:
            return super().get(True, timeout)
        except queue.Empty:
            emit.tell("queue_empty", {"queue": name})
            raise

    def task_done(self):
        r = super().task_done()
        if self._ct_name is not None:
            emit.step("task_done", "running", "%s.task_done()" % self._ct_name)
            emit.tell("task_done", {"queue": self._ct_name,
                                    "unfinished": _u32(self.unfinished_tasks)})
        return r

    def join(self):
        if self._ct_name is None or emit.busy():
            return super().join()
        emit.step("join_queue", "waiting", "%s.join()" % self._ct_name)
        r = super().join()
        emit.tell("queue_joined", {"queue": self._ct_name})
        return r

    def _ct_ask(self, question, answer, length):
        if self._ct_name is not None and not emit.busy() and emit.caller_is_user(2):
            emit.tell("queue_asked", {"queue": self._ct_name, "question": question,
                                      "answer": repr(answer), "len": _u32(length)})
        return answer

    def qsize(self):
        n = super().qsize()
        return self._ct_ask("qsize", n, n)

    def empty(self):
        return self._ct_ask("empty", super().empty(), self._qsize())

    def full(self):
        return self._ct_ask("full", super().full(), self._qsize())


class Queue(_QMixin, _Queue):
    _ct_kind = "Queue"


class LifoQueue(_QMixin, _Lifo):
    _ct_kind = "LifoQueue"


class PriorityQueue(_QMixin, _Prio):
    _ct_kind = "PriorityQueue"


class SimpleQueue(_Simple):
    """queue.SimpleQueue (a C type): puts never wait; a get may."""

    def __init__(self):
        super().__init__()
        self._ct_name = emit.traced_name("SimpleQueue")
        self._ct_from = []
        self._ct_lock = _thread.allocate_lock()

    def put(self, item, block=True, timeout=None):
        if self._ct_name is None or emit.busy():
            return super().put(item, block, timeout)
        emit.step("put", "running", "put into " + self._ct_name)
        with self._ct_lock:
            super().put(item, block, timeout)
            self._ct_from.append(emit.me()[0])
            n = super().qsize()
        emit.tell("queue_put", {"queue": self._ct_name, "item": emit.item(item), "len": _u32(n),
                                "cap": 0})

    def put_nowait(self, item):
        return self.put(item, False)

    def get(self, block=True, timeout=None):
        name = self._ct_name
        if name is None or emit.busy() or _bad_timeout(block, timeout):
            return super().get(block, timeout)
        emit.step("get", "running", "get from " + name)
        try:
            item = super().get(False)
        except queue.Empty:
            if not block:
                emit.tell("queue_empty", {"queue": name})
                raise
            emit.tell("queue_wait", {"queue": name, "side": "empty", "len": 0, "cap": 0})
            try:
                item = super().get(True, timeout)
            except queue.Empty:
                emit.tell("queue_empty", {"queue": name})
                raise
        with self._ct_lock:
            src = self._ct_from.pop(0) if self._ct_from else "?"
            n = super().qsize()
        emit.tell("queue_get", {"queue": name, "item": emit.item(item), "from": src,
                                "len": _u32(n), "cap": 0})
        return item

    def get_nowait(self):
        return self.get(False)


# --- multiprocessing ---------------------------------------------------------------
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


_orig_Pipe = mpc.Pipe
_ENDS = re.compile(r"^\s*\(?\s*([A-Za-z_][\w.]*)\s*,\s*([A-Za-z_][\w.]*)\s*\)?\s*=")


def Pipe(duplex=True):
    a, b = _orig_Pipe(duplex)
    f = emit.caller_is_user(1) if emit.ACTIVE else None
    if f is not None:
        import linecache
        m = _ENDS.match(linecache.getline(f.f_code.co_filename, f.f_lineno))
        ends = (m.group(1).split(".")[-1], m.group(2).split(".")[-1]) if m else ("0", "1")
        name = emit.object_name("Pipe", None)
        a._ct_pipe, a._ct_end = name, ends[0]
        b._ct_pipe, b._ct_end = name, ends[1]
    return a, b


_Base = mpc._ConnectionBase
_send, _recv, _close = _Base.send, _Base.recv, _Base.close


def _c_send(self, obj):
    pipe = getattr(self, "_ct_pipe", None)
    if pipe is not None and not emit.busy():
        emit.step("send", "running", "%s.send()" % self._ct_end)
        emit.tell("pipe_send", {"pipe": pipe, "end": self._ct_end, "item": emit.item(obj)})
    return _send(self, obj)


def _c_recv(self):
    pipe = getattr(self, "_ct_pipe", None)
    if pipe is None or emit.busy():
        return _recv(self)
    emit.step("recv", "waiting", "%s.recv()" % self._ct_end)
    try:
        obj = _recv(self)
    except EOFError:
        emit.tell("pipe_eof", {"pipe": pipe, "end": self._ct_end})
        raise
    emit.tell("pipe_recv", {"pipe": pipe, "end": self._ct_end, "item": emit.item(obj)})
    return obj


def _c_close(self):
    pipe = getattr(self, "_ct_pipe", None)
    if pipe is not None and self._handle is not None and not emit.busy():
        emit.step("close", "running", "%s.close()" % self._ct_end)
        emit.tell("pipe_closed", {"pipe": pipe, "end": self._ct_end})
    return _close(self)


def _rebuild_named(rebuild, args, pipe, end):
    c = rebuild(*args)
    c._ct_pipe, c._ct_end = pipe, end
    return c


def _reducer(orig):
    def reduce_named(conn):
        rv = orig(conn)
        pipe = getattr(conn, "_ct_pipe", None)
        if pipe is None:
            return rv
        return _rebuild_named, (rv[0], rv[1], pipe, conn._ct_end)
    return reduce_named


def install():
    queue.Queue, queue.LifoQueue, queue.PriorityQueue = Queue, LifoQueue, PriorityQueue
    queue.SimpleQueue = SimpleQueue
    # Through the context's methods, not the module's names: JoinableQueue
    # calls `Queue.__init__` by the module's name.
    ctx = multiprocessing.context.BaseContext
    ctx.Queue = lambda self, maxsize=0: MpQueue(maxsize, ctx=self.get_context())
    ctx.JoinableQueue = lambda self, maxsize=0: MpJoinableQueue(maxsize, ctx=self.get_context())
    for n in ("Queue", "JoinableQueue"):
        setattr(multiprocessing, n, getattr(multiprocessing.context._default_context, n))
    mpc.Pipe = Pipe
    _Base.send, _Base.recv, _Base.close = _c_send, _c_recv, _c_close
    red = reduction.ForkingPickler._extra_reducers
    if mpc.Connection in red:
        reduction.register(mpc.Connection, _reducer(red[mpc.Connection]))
